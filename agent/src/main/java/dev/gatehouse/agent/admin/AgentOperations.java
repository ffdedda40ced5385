package dev.gatehouse.agent.admin;

import dev.gatehouse.agent.health.DependencyChecks;
import dev.gatehouse.shared.admin.LogQuery;
import dev.gatehouse.shared.admin.Restarts;
import dev.gatehouse.shared.cli.BuildVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's part of the admin API, on its main listener behind the edge's signed assertion (so
 * only the edge reaches it, with an operator's token checked there): {@code GET
 * /_gatehouse/admin/status}, {@code GET /_gatehouse/admin/logs} and {@code POST
 * /_gatehouse/admin/restart/{component}}.
 */
public final class AgentOperations {

  public static final String PREFIX = "/_gatehouse/admin";

  private final DependencyChecks checks;
  private final Restarts restarts;
  private final Instant started = Instant.now();

  public AgentOperations(DependencyChecks checks, Restarts restarts) {
    this.checks = checks;
    this.restarts = restarts;
  }

  public void mount(Router router) {
    router.get(PREFIX + "/status").handler(this::status);
    router.get(PREFIX + "/logs").handler(LogQuery::handle);
    router.post(PREFIX + "/restart/:component").handler(restarts::handle);
  }

  private void status(RoutingContext ctx) {
    DependencyChecks.State state = checks.state();
    List<String> components = new ArrayList<>();
    restarts.names().forEach(components::add);
    ctx.json(
        new JsonObject()
            .put("ok", true)
            .put("version", BuildVersion.line())
            .put("started", started.toString())
            .put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds())
            .put(
                "health",
                new JsonObject()
                    .put("database", state.database())
                    .put("game_server", state.gameServer()))
            .put("restart_components", new JsonArray(components)));
  }
}
