package dev.gatehouse.bench;

import dev.gatehouse.edge.proxy.ForwardedHeaders;
import dev.gatehouse.shared.proxy.HopByHopHeaders;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The forwarder's two header copies of every request: the client's headers into the request for the
 * agent, with the edge's own in place of any of theirs of those names, and the agent's response
 * headers into the client's response, where the edge has already set its own (CORS, rate-limit
 * state, request id).
 */
public class HeaderCopyBenchmark extends PerCallBenchmark {

  /** An assertion as long as the edge's (claims of a keyed route, base64url, and its MAC). */
  private static final String ASSERTION =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
          + "eyJjbGllbnRfaXAiOiIyMDMuMC4xMTMuNyIsInJvdXRlIjoiL2FwaS9zZXJ2ZXIvc3RhdHVzIiwibWV0aG9kIj"
          + "oiR0VUIiwicGF0aCI6Ii9hcGkvc2VydmVyL3N0YXR1cyIsInJlcXVlc3RfaWQiOiIzZTdhNzRjYS04YTEwLTg1"
          + "OTgtOWFhYS1mZTE4NjIwZDRiZWQiLCJkZWFkbGluZSI6MTc5NTAwMDAwMDAwMCwidGltZW91dF9tcyI6MTUwMD"
          + "AsImlzcyI6ImdhdGVob3VzZS1lZGdlIiwiYXVkIjoiZ2F0ZWhvdXNlLWFnZW50IiwiaWF0IjoxNzk1MDAwMDAw"
          + "LCJleHAiOjE3OTUwMDAwMzAsIm5vbmNlIjoiM2Y5YzJhMWI3ZDRlNWY2YSIsImtleV9uYW1lIjoid2Vic2l0ZSJ9"
          + ".c2lnbmF0dXJlLW9mLXRoZS1lZGdlLWFzc2VydGlvbi0zMmI";

  private MultiMap request;
  private MultiMap response;
  private MultiMap edgeSet;
  private final ForwardedHeaders forwarded =
      new ForwardedHeaders(
          "3e7a74ca-8a10-8598-9aaa-fe18620d4bed",
          "203.0.113.7",
          1_795_000_000_000L,
          HttpHeaders.createOptimized("15000"),
          new AsciiString(ASSERTION));

  @Setup
  public void setUp() {
    request =
        MultiMap.caseInsensitiveMultiMap()
            .add("Host", "play.example.com")
            .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0")
            .add("Accept", "application/json")
            .add("Accept-Language", "en-GB,en;q=0.5")
            .add("Origin", "https://game.example.com")
            .add("X-Request-Id", "3e7a74ca-8a10-8598-9aaa-fe18620d4bed")
            .add("X-Forwarded-For", "203.0.113.7")
            .add("X-Forwarded-Proto", "https");
    response =
        MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/json")
            .add("Content-Length", "74")
            .add("Date", "Mon, 23 Nov 2026 21:00:00 GMT")
            .add("Cache-Control", "public, max-age=1")
            .add("Connection", "keep-alive")
            .add("X-Request-Id", "3e7a74ca-8a10-8598-9aaa-fe18620d4bed");
    edgeSet =
        MultiMap.caseInsensitiveMultiMap()
            .add("Vary", "Origin")
            .add("Access-Control-Allow-Origin", "https://game.example.com")
            .add("Access-Control-Expose-Headers", "X-Request-Id, Retry-After")
            .add("RateLimit-Policy", "\"status\";q=100;w=1")
            .add("RateLimit", "\"status\";r=99;t=1");
  }

  /**
   * The client's headers and the edge's own in their place: the agent's request, whole, in the map
   * the forwarder writes it from (every value checked as it is added but the assertion's).
   */
  @Benchmark
  public MultiMap copyRequest() {
    MultiMap to = ForwardedHeaders.agentRequestHeaders();
    HopByHopHeaders.copyRequest(request, to, ForwardedHeaders.REPLACED);
    forwarded.addTo(to);
    return to;
  }

  @Benchmark
  public MultiMap copyResponse() {
    MultiMap to = MultiMap.caseInsensitiveMultiMap().addAll(edgeSet);
    HopByHopHeaders.copyResponse(response, to);
    return to;
  }
}
