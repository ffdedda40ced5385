package dev.gatehouse.shared.admin;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST …/restart/{component}}: an allow-list of named in-process actions (drop a cache,
 * reconnect a pool). A name not on the list runs nothing and answers 404; nothing here starts a
 * process or hands a name to a shell.
 */
public final class Restarts {

  private static final Logger log = LoggerFactory.getLogger(Restarts.class);

  private final Map<String, Supplier<Future<JsonObject>>> components;

  /** {@code components}: name to action, whose result says what it did. */
  public Restarts(Map<String, Supplier<Future<JsonObject>>> components) {
    this.components = new TreeMap<>(components);
  }

  public void handle(RoutingContext ctx) {
    String name = ctx.pathParam("component");
    Supplier<Future<JsonObject>> action = components.get(name);
    if (action == null) {
      ctx.fail(
          new ApiError(
              ErrorCode.UNKNOWN_COMPONENT,
              "There is no component to restart by that name; there are: "
                  + String.join(", ", components.keySet())
                  + "."));
      return;
    }
    log.info("restart of {} asked by an operator", name);
    action
        .get()
        .onSuccess(
            done -> ctx.json(new JsonObject().put("ok", true).put("component", name).mergeIn(done)))
        .onFailure(ctx::fail);
  }

  public Iterable<String> names() {
    return components.keySet();
  }
}
