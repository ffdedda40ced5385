package dev.gatehouse.edge.framing;

import dev.gatehouse.bench.PerCallBenchmark;
import dev.gatehouse.edge.accesslog.OutsideRoutes;
import dev.gatehouse.edge.metrics.EdgeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The framing check every request passes before any handler (in the guard's own package, which
 * keeps it package-private): a browser's poll of the status endpoint, eleven headers, none twice.
 */
public class FramingBenchmark extends PerCallBenchmark {

  private FramingGuard guard;
  private HttpRequest request;

  @Setup
  public void setUp() {
    guard =
        new FramingGuard(
            100,
            "max-age=63072000; includeSubDomains",
            new OutsideRoutes(() -> new EdgeMetrics(new SimpleMeterRegistry(), List.of(), false)),
            Optional.empty());
    request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/server/status");
    request
        .headers()
        .add("Host", "play.example.com")
        .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
        .add("Accept", "application/json")
        .add("Accept-Language", "en-GB,en;q=0.5")
        .add("Accept-Encoding", "gzip, deflate, br")
        .add("Referer", "https://game.example.com/")
        .add("Origin", "https://game.example.com")
        .add("Sec-Fetch-Dest", "empty")
        .add("Sec-Fetch-Mode", "cors")
        .add("Sec-Fetch-Site", "same-site")
        .add("Connection", "keep-alive");
  }

  @Benchmark
  public Object framingCheck() {
    return guard.problem(request);
  }
}
