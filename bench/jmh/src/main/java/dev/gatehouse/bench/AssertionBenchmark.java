package dev.gatehouse.bench;

import dev.gatehouse.edge.trust.AssertionConfig;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.edge.trust.EdgeKeys;
import dev.gatehouse.shared.trust.Ed25519Tokens;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the per-request edge assertion costs: the edge signs one for every forwarded request, the
 * agent checks it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AssertionBenchmark {

  private AssertionSigner signer;
  private Ed25519PublicKeyParameters publicKey;
  private String token;
  private long counter;

  @Setup
  public void setUp() {
    EdgeKeys keys = EdgeKeys.generate();
    signer =
        new AssertionSigner(
            new AssertionConfig(
                Optional.of(Buffer.buffer(keys.privatePem())), Duration.ofSeconds(30)));
    publicKey = Ed25519Tokens.publicKey(Buffer.buffer(keys.publicPem()));
    token = signer.sign(request("fixed"));
  }

  @Benchmark
  public String signOnePerRequest() {
    return signer.sign(request("req-" + counter++));
  }

  @Benchmark
  public Object verifyOne() {
    return Ed25519Tokens.verify(publicKey, token);
  }

  private static AssertionSigner.Request request(String id) {
    return new AssertionSigner.Request(
        "203.0.113.7",
        "website",
        "/api/register",
        "POST",
        "/api/register",
        id,
        System.currentTimeMillis() + 15_000);
  }
}
