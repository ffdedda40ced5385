package dev.gatehouse.edge.proxy;

import dev.gatehouse.edge.request.RequestFacts;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.http.GatehouseHeaders;
import dev.gatehouse.shared.proxy.HopByHopHeaders;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * The last step of a route: tells the agent who asked and hands the request, its body still
 * streaming, to the upstream's {@link Forwarder}. {@code X-Forwarded-For} is replaced, never
 * appended to: what a client sends there is untrusted. {@code X-Request-Id} was set by the
 * request-id step. With a signing key, the same facts and the request itself (method, path, route,
 * id, deadline) go signed in {@code X-Gatehouse-Assertion}, the only form the agent believes; a
 * client's own assertion header is dropped. {@code X-Gatehouse-Deadline} tells the agent by when
 * the edge needs the answer.
 */
public final class ForwardHandler implements Handler<RoutingContext> {

  private final String route;
  private final String upstreamName;
  private final long timeoutMillis;
  private final CharSequence timeoutText;
  private final Forwarder forwarder;
  private final Optional<AssertionSigner> signer;

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
    this.signer = signer;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestFacts facts = RequestFacts.of(ctx);
    MultiMap headers = ctx.request().headers();
    HopByHopHeaders.dropListed(headers);
    headers.set(GatehouseHeaders.REQUEST_ID, facts.id()); // a client may have listed it
    headers.set("X-Forwarded-For", facts.clientIp());
    headers.set("X-Forwarded-Proto", "https");
    headers.remove("Forwarded");
    long deadline = System.currentTimeMillis() + timeoutMillis;
    headers.set(EdgeAssertion.DEADLINE_HEADER, String.valueOf(deadline));
    headers.set(EdgeAssertion.TIMEOUT_HEADER, timeoutText);
    headers.remove(EdgeAssertion.HEADER);
    signer.ifPresent(s -> headers.set(EdgeAssertion.HEADER, s.sign(assertion(ctx, deadline))));
    facts.forwardedTo(upstreamName);
    // The path the route matched, not the one the client wrote: routes match on the normalised
    // path ({@code /api/../api/x} is {@code /api/x}), so an agent reading the raw one could be led
    // to a path no route allows.
    String query = ctx.request().query();
    forwarder.forward(ctx, ctx.normalizedPath() + (query == null ? "" : "?" + query));
  }

  /** The forwarded request as the assertion states it: the path is the normalised one sent. */
  private AssertionSigner.Request assertion(RoutingContext ctx, long deadline) {
    RequestFacts facts = RequestFacts.of(ctx);
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
