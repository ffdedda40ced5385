package dev.gatehouse.agent.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What an operator may restart on the agent: each a local event-bus address that the verticle
 * owning the part answers. Nothing else exists to restart.
 */
public enum AgentComponents {
  /** The status backend's cached server constants. */
  STATUS_CACHE("agent-status-cache", false),
  /** The game-server connections' failures and back-off: the next request connects at once. */
  GAME_CONNECTIONS("agent-game-connections", true),
  /** The remembered Telegram group memberships. */
  TELEGRAM_CACHE("agent-telegram-cache", true);

  private final String label;
  private final boolean registrationOnly;

  AgentComponents(String label, boolean registrationOnly) {
    this.label = label;
    this.registrationOnly = registrationOnly;
  }

  public String address() {
    return "gatehouse.agent.restart." + label;
  }

  /** The components this agent runs, by name, each asking its owner over the event bus. */
  public static Map<String, Supplier<Future<JsonObject>>> of(Vertx vertx, boolean registers) {
    Map<String, Supplier<Future<JsonObject>>> out = new LinkedHashMap<>();
    for (AgentComponents c : values()) {
      if (registers || !c.registrationOnly) {
        out.put(
            c.label,
            () -> vertx.eventBus().<JsonObject>request(c.address(), null).map(m -> m.body()));
      }
    }
    return out;
  }
}
