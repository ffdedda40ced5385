package dev.gatehouse.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The headers the edge sets on every response (CORS, rate-limit state, security), set and encoded
 * as Vert.x does for the wire: names and fixed values as Java strings, against the same made once
 * as ASCII strings ({@code HttpHeaders.createOptimized}), which the handlers use.
 */
public class EdgeHeadersBenchmark extends PerCallBenchmark {

  private static final String[] NAMES = {
    "Vary",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "RateLimit-Policy",
    "RateLimit",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Strict-Transport-Security",
    "X-Content-Type-Options"
  };
  private static final String[] FIXED = {
    "Origin",
    null,
    "X-Request-Id, Retry-After, RateLimit, RateLimit-Policy, RateLimit-Limit, RateLimit-Remaining,"
        + " RateLimit-Reset, X-Cache, Age, Warning, Idempotent-Replayed",
    "\"status\";q=1000000;w=1",
    null,
    null,
    null,
    null,
    "max-age=31536000; includeSubDomains",
    "nosniff"
  };

  private final CharSequence[] optimizedNames = new CharSequence[NAMES.length];
  private final CharSequence[] optimizedFixed = new CharSequence[NAMES.length];
  private final ByteBuf wire = Unpooled.buffer(2048);

  @Setup
  public void setUp() {
    for (int i = 0; i < NAMES.length; i++) {
      optimizedNames[i] = HttpHeaders.createOptimized(NAMES[i]);
      optimizedFixed[i] = FIXED[i] == null ? null : HttpHeaders.createOptimized(FIXED[i]);
    }
  }

  @Benchmark
  public int asStrings() {
    return setAndEncode(NAMES, FIXED);
  }

  @Benchmark
  public int preEncoded() {
    return setAndEncode(optimizedNames, optimizedFixed);
  }

  private int setAndEncode(CharSequence[] names, CharSequence[] fixed) {
    HeadersMultiMap headers = HeadersMultiMap.httpHeaders();
    for (int i = 0; i < names.length; i++) {
      // The per-request values (origin, remaining, reset) are strings made per request either way.
      headers.set(names[i], fixed[i] != null ? fixed[i] : String.valueOf(i * 7919));
    }
    wire.clear();
    headers.encode(wire, false);
    return wire.writerIndex();
  }
}
