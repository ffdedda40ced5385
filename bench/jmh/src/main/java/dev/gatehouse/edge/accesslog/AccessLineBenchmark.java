package dev.gatehouse.edge.accesslog;

import dev.gatehouse.bench.PerCallBenchmark;
import java.util.Optional;
import java.util.OptionalLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The access line every request ends with (in the line's own package, which keeps it
 * package-private): a forwarded poll of the status endpoint with an API key, made into the JSON
 * text the log writer gets.
 */
public class AccessLineBenchmark extends PerCallBenchmark {

  // Inputs in fields, not constants, so that the compiler cannot fold them into the answer.
  private String requestId = "5b0e5f1d-2c1e-4c8a-9a0b-7d1f3e2a6c4b";
  private String clientIp = "198.51.100.23";
  private String path = "/api/server/status";
  private long durationNanos = 1_234_567;
  private long upstreamNanos = 987_654;
  private AccessLine line;

  @Setup
  public void setUp() {
    line =
        new AccessLine(
            requestId,
            clientIp,
            "GET",
            path,
            200,
            0,
            47,
            durationNanos,
            Optional.of("home"),
            OptionalLong.of(upstreamNanos),
            Optional.of("website"),
            Optional.empty(),
            true,
            Optional.empty());
  }

  @Benchmark
  public String forwardedRequest() {
    return line.json();
  }
}
