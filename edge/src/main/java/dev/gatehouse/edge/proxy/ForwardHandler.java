package dev.gatehouse.edge.proxy;

import dev.gatehouse.edge.request.RequestFacts;
import dev.gatehouse.edge.trust.AssertionSigner;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * The last step of a route: hands the request, its body still streaming, to the upstream's {@link
 * Forwarder} with what the agent is to be told of it ({@link ForwardedHeaders}). With a signing
 * key, the facts and the request itself (method, path, route, id, deadline) go signed in {@code
 * X-Gatehouse-Assertion}, the only form the agent believes.
 */
public final class ForwardHandler implements Handler<RoutingContext> {

  private final String route;
  private final String upstreamName;
  private final long timeoutMillis;
  private final CharSequence timeoutText;
  private final Forwarder forwarder;
  private final AssertionSigner signer; // null: the upstream has no key

  /** {@code timeout}: how long the agent has for the whole answer, from now. */
  public ForwardHandler(
      String route,
      String upstreamName,
      Duration timeout,
      Forwarder forwarder,
      Optional<AssertionSigner> signer) {
    this.route = route;
    this.upstreamName = upstreamName;
    this.timeoutMillis = timeout.toMillis();
    this.timeoutText = HttpHeaders.createOptimized(String.valueOf(timeoutMillis));
    this.forwarder = forwarder;
    this.signer = signer.orElse(null);
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestFacts facts = RequestFacts.of(ctx);
    long deadline = System.currentTimeMillis() + timeoutMillis;
    CharSequence assertion = signer == null ? null : signer.header(assertion(ctx, facts, deadline));
    facts.forwardedTo(upstreamName);
    // The path the route matched, not the one the client wrote: routes match on the normalised
    // path ({@code /api/../api/x} is {@code /api/x}), so an agent reading the raw one could be led
    // to a path no route allows.
    String query = ctx.request().query();
    forwarder.forward(
        ctx,
        ctx.normalizedPath() + (query == null ? "" : "?" + query),
        new ForwardedHeaders(facts.id(), facts.clientIp(), deadline, timeoutText, assertion));
  }

  /** The forwarded request as the assertion states it: the path is the normalised one sent. */
  private AssertionSigner.Request assertion(RoutingContext ctx, RequestFacts facts, long deadline) {
    return new AssertionSigner.Request(
        facts.clientIp(),
        facts.keyName().orElse(null),
        route,
        ctx.request().method().name(),
        ctx.normalizedPath(),
        facts.id(),
        deadline,
        timeoutMillis);
  }
}
