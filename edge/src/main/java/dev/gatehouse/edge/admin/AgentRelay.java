package dev.gatehouse.edge.admin;

import dev.gatehouse.edge.admin.auth.BearerAuth;
import dev.gatehouse.edge.admin.client.PathSegment;
import dev.gatehouse.edge.config.Role;
import dev.gatehouse.edge.framing.RequestTarget;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.routing.Generation;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The agents' part of the admin API, reached from the edge over the tunnel with the same signed
 * assertion as any forwarded request, so one login operates both: {@code GET /admin/agents} (each
 * agent's status), {@code GET /admin/agents/{host:port}/logs} and {@code POST
 * /admin/agents/{host:port}/restart/{component}}. Only configured agents are asked.
 */
final class AgentRelay {

  private static final String AGENT_PREFIX = "/_gatehouse/admin";
  private static final long TIMEOUT_MILLIS = 5000;

  private final Supplier<Generation> live;
  private final HttpClient client;

  AgentRelay(Vertx vertx, Supplier<Generation> live) {
    this.live = live;
    this.client =
        vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MILLIS));
  }

  void mount(Router router) {
    router.get("/admin/agents").handler(BearerAuth.requires(Role.VIEWER)).handler(this::statuses);
    router
        .get("/admin/agents/:target/logs")
        .handler(BearerAuth.requires(Role.VIEWER))
        .handler(ctx -> relay(ctx, HttpMethod.GET, "/logs"));
    router
        .post("/admin/agents/:target/restart/:component")
        .handler(BearerAuth.requires(Role.OPERATOR))
        // The name as the operator gave it, as one segment: never a path of its own on the agent.
        .handler(
            ctx ->
                relay(
                    ctx,
                    HttpMethod.POST,
                    "/restart/" + PathSegment.of(ctx.pathParam("component"))));
  }

  private void statuses(RoutingContext ctx) {
    List<Future<JsonObject>> asked = new ArrayList<>();
    live.get()
        .state()
        .pools()
        .forEach(
            (name, pool) ->
                targets(pool)
                    .forEach(
                        target ->
                            asked.add(
                                ask(ctx, HttpMethod.GET, target, "/status")
                                    .map(
                                        answer ->
                                            new JsonObject()
                                                .put("upstream", name)
                                                .put("target", target)
                                                .put("reachable", true)
                                                .put("status", answer.toJsonObject()))
                                    .otherwise(
                                        failure ->
                                            new JsonObject()
                                                .put("upstream", name)
                                                .put("target", target)
                                                .put("reachable", false)
                                                .put("error", failure.getMessage())))));
    Future.join(asked)
        .onComplete(
            done -> {
              JsonArray agents = new JsonArray();
              asked.forEach(answer -> agents.add(answer.result()));
              ctx.json(new JsonObject().put("agents", agents));
            });
  }

  private void relay(RoutingContext ctx, HttpMethod method, String path) {
    String target = ctx.pathParam("target");
    boolean known =
        live.get().state().pools().values().stream().anyMatch(p -> targets(p).contains(target));
    if (!known) {
      ctx.fail(new ApiError(ErrorCode.NOT_FOUND, "No configured agent is " + target + "."));
      return;
    }
    String query = ctx.request().query();
    if (query != null && !RequestTarget.valid(query)) {
      ctx.fail(RequestTarget.invalid());
      return;
    }
    ask(ctx, method, target, path + (query == null ? "" : "?" + query))
        .onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json").end(body))
        .onFailure(ctx::fail);
  }

  /** The agent's answer body when it is a 2xx; its JSON error passed on otherwise. */
  private Future<Buffer> ask(RoutingContext ctx, HttpMethod method, String target, String path) {
    int colon = target.lastIndexOf(':');
    String pathOnly = AGENT_PREFIX + path.split("\\?", 2)[0];
    String requestId = UUID.randomUUID().toString();
    long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost(target.substring(0, colon))
            .setPort(Integer.parseInt(target.substring(colon + 1)))
            .setURI(AGENT_PREFIX + path)
            .setTimeout(TIMEOUT_MILLIS)
            .putHeader("X-Request-Id", requestId)
            .putHeader(EdgeAssertion.DEADLINE_HEADER, String.valueOf(deadline))
            .putHeader(EdgeAssertion.TIMEOUT_HEADER, String.valueOf(TIMEOUT_MILLIS));
    signerFor(target)
        .ifPresent(
            s ->
                options.putHeader(
                    EdgeAssertion.HEADER,
                    s.sign(
                        new AssertionSigner.Request(
                            ctx.request().remoteAddress().hostAddress(),
                            null,
                            AGENT_PREFIX + "/*",
                            method.name(),
                            pathOnly,
                            requestId,
                            deadline,
                            TIMEOUT_MILLIS))));
    return client
        .request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().compose(body -> judge(response, body)))
        .recover(
            failure ->
                failure instanceof ApiError
                    ? Future.failedFuture(failure)
                    : Future.failedFuture(
                        new ApiError(
                            ErrorCode.UPSTREAM_UNAVAILABLE,
                            502,
                            "The agent " + target + " did not answer: " + failure.getMessage())));
  }

  private static Future<Buffer> judge(HttpClientResponse response, Buffer body) {
    if (response.statusCode() / 100 == 2) {
      return Future.succeededFuture(body);
    }
    JsonObject error = jsonOrEmpty(body);
    ErrorCode code =
        Arrays.stream(ErrorCode.values())
            .filter(c -> c.code().equals(error.getString("error")))
            .findFirst()
            .orElse(ErrorCode.UPSTREAM_UNAVAILABLE);
    return Future.failedFuture(
        new ApiError(code, response.statusCode(), error.getString("message", code.message())));
  }

  private static JsonObject jsonOrEmpty(Buffer body) {
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  /** The signer of the upstream {@code target} belongs to: each upstream may have its secret. */
  private Optional<AssertionSigner> signerFor(String target) {
    Generation current = live.get();
    return current.state().pools().entrySet().stream()
        .filter(pool -> targets(pool.getValue()).contains(target))
        .findFirst()
        .flatMap(pool -> current.config().assertionSecret(pool.getKey()))
        .map(secret -> new AssertionSigner(secret, current.config().assertion().ttl()));
  }

  private static List<String> targets(TargetPool pool) {
    return pool.toJson().stream().map(t -> ((JsonObject) t).getString("target")).toList();
  }
}
