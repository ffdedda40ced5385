package dev.gatehouse.edge.admin;

import dev.gatehouse.edge.acme.AcmeStatus;
import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.routing.Generation;
import dev.gatehouse.shared.cli.BuildVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /admin/status}: the edge (version, uptime, config generation), each upstream's agents
 * (reachability and health as the checks see them), the served certificate's expiry, the routes,
 * active bans and whether limits and bans are shared through Redis.
 */
public final class EdgeStatus {

  private final Vertx vertx;
  private final Supplier<Generation> live;
  private final BanList bans;
  private final Path certificate;
  private final Supplier<Optional<AcmeStatus>> acme;
  private final Supplier<Optional<Boolean>> shared;
  private final Instant started = Instant.now();

  public EdgeStatus(
      Vertx vertx,
      Supplier<Generation> live,
      BanList bans,
      Path certificate,
      Supplier<Optional<AcmeStatus>> acme,
      Supplier<Optional<Boolean>> shared) {
    this.vertx = vertx;
    this.live = live;
    this.bans = bans;
    this.certificate = certificate;
    this.acme = acme;
    this.shared = shared;
  }

  Future<JsonObject> toJson(Iterable<String> components) {
    Generation generation = live.get();
    JsonObject status =
        new JsonObject()
            .put("ok", true)
            .put(
                "edge",
                new JsonObject()
                    .put("version", BuildVersion.line())
                    .put("started", started.toString())
                    .put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds())
                    .put("config_generation", generation.number()))
            .put("upstreams", upstreams(generation))
            .put("routes", routes(generation.config()))
            .put("bans", new JsonObject().put("active", bans.current().size()))
            .put(
                "shared_mode",
                shared
                    .get()
                    .map(up -> new JsonObject().put("enabled", true).put("redis_up", up))
                    .orElse(new JsonObject().put("enabled", false)))
            .put("restart_components", new JsonArray(listOf(components)));
    acme.get().ifPresent(a -> status.put("acme", a.toJson()));
    return vertx
        .fileSystem()
        .readFile(certificate.toString())
        .map(this::expiry)
        .otherwise(e -> new JsonObject().put("error", "cannot read " + certificate))
        .map(certificateJson -> status.put("certificate", certificateJson));
  }

  private static JsonObject upstreams(Generation generation) {
    JsonObject upstreams = new JsonObject();
    generation
        .state()
        .pools()
        .forEach(
            (name, pool) ->
                upstreams.put(
                    name,
                    new JsonObject()
                        .put("available", pool.available())
                        .put("agents", pool.toJson())));
    return upstreams;
  }

  private static JsonArray routes(EdgeConfig config) {
    JsonArray routes = new JsonArray();
    config
        .routes()
        .forEach(
            route ->
                routes.add(
                    new JsonObject()
                        .put("path", route.path())
                        .put(
                            "methods",
                            new JsonArray(route.methods().stream().map(HttpMethod::name).toList()))
                        .put("upstream", route.upstream())
                        .put("api_key", route.apiKeyRequired())
                        .put(
                            "rate_limit",
                            route
                                .rateLimit()
                                .map(s -> s.limit() + "/" + s.window())
                                .orElse(null))));
    return routes;
  }

  private JsonObject expiry(Buffer pem) {
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(pem.getBytes()));
      Instant notAfter = cert.getNotAfter().toInstant();
      return new JsonObject()
          .put("file", certificate.toString())
          .put("not_after", notAfter.toString())
          .put("days_left", Duration.between(Instant.now(), notAfter).toDays());
    } catch (CertificateException e) {
      return new JsonObject().put("error", "cannot parse " + certificate);
    }
  }

  private static java.util.List<String> listOf(Iterable<String> names) {
    java.util.List<String> out = new java.util.ArrayList<>();
    names.forEach(out::add);
    return out;
  }
}
