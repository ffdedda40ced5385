package dev.gatehouse.edge.proxy;

import dev.gatehouse.edge.request.RequestFacts;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.http.GatehouseHeaders;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import java.time.Duration;
import java.util.Optional;

/**
 * The last step of a route: tells the agent who asked and hands the request, its body still
 * streaming, to the upstream. {@code X-Forwarded-For} is replaced, never appended to: what a client
 * sends there is untrusted. {@code X-Request-Id} was set by the request-id step. With a signing
 * key, the same facts go signed in {@code X-Gatehouse-Assertion}, the only form the agent believes;
 * a client's own assertion header is dropped. {@code X-Gatehouse-Deadline} tells the agent when the
 * edge stops waiting, so it never finishes work the client was told had timed out.
 */
public final class ForwardHandler implements Handler<RoutingContext> {

  private final String route;
  private final String upstreamName;
  private final HttpProxy proxy;
  private final Optional<AssertionSigner> signer;
  private final long responseTimeoutMillis;

  public ForwardHandler(
      String route,
      String upstreamName,
      HttpProxy proxy,
      Optional<AssertionSigner> signer,
      Duration responseTimeout) {
    this.route = route;
    this.upstreamName = upstreamName;
    this.proxy = proxy;
    this.signer = signer;
    this.responseTimeoutMillis = responseTimeout.toMillis();
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestFacts facts = RequestFacts.of(ctx);
    MultiMap headers = ctx.request().headers();
    headers.set("X-Forwarded-For", facts.clientIp());
    headers.set("X-Forwarded-Proto", "https");
    headers.remove("Forwarded");
    headers.set(
        GatehouseHeaders.DEADLINE,
        Long.toString(System.currentTimeMillis() + responseTimeoutMillis));
    headers.remove(EdgeAssertion.HEADER);
    signer.ifPresent(
        s ->
            headers.set(
                EdgeAssertion.HEADER,
                s.sign(facts.clientIp(), facts.keyName().orElse(null), route)));
    facts.forwardedTo(upstreamName);
    proxy.handle(ctx.request());
  }
}
