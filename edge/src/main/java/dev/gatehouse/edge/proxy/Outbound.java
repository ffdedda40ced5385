package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.proxy.HopByHopHeaders;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.streams.Pipe;
import java.util.Optional;
import java.util.Set;

/**
 * A client's request as it leaves for an agent: the route's normalised {@code uri}, the client's
 * headers without the connection's own and with the edge's {@code forwarded} ones in place of any
 * of those names, and its body, streamed as it arrives when it has a length, or {@code body} when
 * the edge had to read it first.
 */
record Outbound(
    HttpServerRequest client, String uri, ForwardedHeaders forwarded, Optional<Buffer> body) {

  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE);

  HttpMethod method() {
    return client.method();
  }

  /**
   * Whether sending it once more to another agent can do no harm: an idempotent method and no body,
   * so nothing of the client's was used up by the first attempt.
   */
  boolean repeatable() {
    String length = client.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean bodyless =
        client.getHeader(HttpHeaders.TRANSFER_ENCODING) == null
            && (length == null || length.trim().equals("0"))
            && body.map(read -> read.length() == 0).orElse(true);
    return IDEMPOTENT.contains(client.method()) && bodyless;
  }

  /**
   * Sends it on {@code connection}; the agent's response comes paused, to be relayed or dropped.
   */
  Future<AgentResponse> sendOn(AgentConnection connection) {
    HeadersMultiMap headers = ForwardedHeaders.agentRequestHeaders();
    HopByHopHeaders.copyRequest(client.headers(), headers, ForwardedHeaders.REPLACED);
    forwarded.addTo(headers);
    headers.set(HttpHeaders.HOST, connection.target().hostHeader());
    AgentRequest out = connection.request(client.method(), uri, headers);
    // A client that goes away takes the agent's request with it.
    client.response().exceptionHandler(failure -> out.reset());
    String length = client.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (body.isPresent()) {
      out.send(body.get());
    } else if (length == null) {
      out.send(null);
      client.resume(); // nothing to read but the request's end
    } else if (length.trim().equals("0")) {
      headers.set(HttpHeaders.CONTENT_LENGTH, "0");
      out.send(null);
      client.resume();
    } else {
      headers.set(HttpHeaders.CONTENT_LENGTH, length.trim());
      Pipe<Buffer> pipe = client.pipe();
      pipe.endOnComplete(true);
      pipe.endOnFailure(false);
      pipe.to(out).onFailure(failure -> out.reset());
    }
    return out.response();
  }
}
