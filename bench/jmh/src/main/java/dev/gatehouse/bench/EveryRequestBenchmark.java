package dev.gatehouse.bench;

import dev.gatehouse.edge.body.BodyLimitHandler;
import dev.gatehouse.edge.cache.CacheConfig;
import dev.gatehouse.edge.cache.MicroCache;
import dev.gatehouse.edge.cache.ResponseCache;
import dev.gatehouse.edge.proxy.Answer;
import dev.gatehouse.edge.request.ClientIpHandler;
import dev.gatehouse.edge.request.RequestIdHandler;
import dev.gatehouse.shared.config.ConfigFiles;
import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.net.AddressSet;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The decisions at the start and end of every request that the other benchmarks leave out: its id
 * (the client's or a new one), the client's address behind a trusted proxy, the body check of a
 * route that takes JSON, and an answer from the micro-cache.
 */
public class EveryRequestBenchmark extends PerCallBenchmark {

  private static final String STATUS = "/api/server/status";

  // Inputs in fields, not constants, so that the compiler cannot fold them into the answers.
  private String offeredId = "website-3f9c2a1b7d";
  private String proxy = "10.0.0.2";
  private String directClient = "198.51.100.23";
  private MultiMap proxiedHeaders;
  private MultiMap directHeaders;
  private MultiMap registration;
  private ClientIpHandler clientIps;
  private BodyLimitHandler jsonBody;
  private MicroCache cache;
  private Supplier<Future<Answer>> agent;

  @Setup
  public void setUp() {
    ConfigNode config =
        ConfigFiles.parse(
            "bench.yaml",
            new StringReader(
                """
                trusted_proxies: [10.0.0.0/8]
                cache: {ttl: 1h}
                """),
            name -> null);
    clientIps = new ClientIpHandler(AddressSet.from(config, "trusted_proxies"));
    proxiedHeaders = HttpHeaders.headers().add("X-Forwarded-For", "203.0.113.7, 10.0.0.3");
    directHeaders = HttpHeaders.headers().add("Accept", "application/json");
    registration =
        HttpHeaders.headers()
            .add("Content-Length", "187")
            .add("Content-Type", "application/json; charset=utf-8");
    jsonBody = new BodyLimitHandler(16 * 1024, List.of("application/json"));
    cache = new MicroCache(new ResponseCache(CacheConfig.from(config.child("cache"))));
    Buffer status = Buffer.buffer("{\"online\":true,\"players\":17,\"max_players\":100}");
    MultiMap json = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/json");
    agent = () -> Future.succeededFuture(Answer.made(200, json, status.copy(), null));
    // The first request fills the cache; every one measured is answered from it.
    cache.answer(HttpMethod.GET, STATUS, agent);
  }

  /** A client that sent its own id (the website's form does). */
  @Benchmark
  public String requestIdOffered() {
    return RequestIdHandler.idFor(offeredId);
  }

  @Benchmark
  public String requestIdMinted() {
    return RequestIdHandler.idFor(null);
  }

  /** The edge behind a load balancer: the peer is trusted, the client is in X-Forwarded-For. */
  @Benchmark
  public String clientIpBehindProxy() {
    return clientIps.clientIp(proxy, proxiedHeaders);
  }

  @Benchmark
  public String clientIpDirect() {
    return clientIps.clientIp(directClient, directHeaders);
  }

  /** A registration's JSON body within the limit. */
  @Benchmark
  public Optional<ApiError> bodyCheck() {
    return jsonBody.problem(registration);
  }

  /** A fresh entry answered at the edge, with its body copied for the response. */
  @Benchmark
  public Future<Answer> microCacheHit() {
    return cache.answer(HttpMethod.GET, STATUS, agent);
  }
}
