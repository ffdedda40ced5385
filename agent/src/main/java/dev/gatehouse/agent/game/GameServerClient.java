package dev.gatehouse.agent.game;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.Locale;

/**
 * The game server's account commands over a small pool of connections (protocol: {@code
 * agent/docs/game-server-protocol.md}).
 *
 * <p>Every command for one login goes through the same connection, so a compensating {@code delete}
 * always reaches the server after the {@code register} it undoes. A connection that fails is
 * reopened on the next command, no sooner than a back-off that doubles up to {@link
 * #MAX_BACKOFF_MILLIS}, so a game server that is down is answered for at once instead of being
 * hammered. Use it from the verticle that created it.
 */
public final class GameServerClient {

  static final long INITIAL_BACKOFF_MILLIS = 100;
  static final long MAX_BACKOFF_MILLIS = 5_000;

  private final Vertx vertx;
  private final NetClient netClient;
  private final GameServerConfig config;
  private final Slot[] slots;
  private int nextPing;

  public GameServerClient(Vertx vertx, GameServerConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.netClient =
        vertx.createNetClient(
            new NetClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true));
    this.slots = new Slot[config.poolSize()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Slot();
    }
  }

  /** Creates the account, or updates it if the login exists (register is idempotent by login). */
  public Future<Void> register(String login, String password, int gender) {
    JsonObject command =
        new JsonObject()
            .put("cmd", "register")
            .put("login", login)
            .put("password", password)
            .put("gender", gender);
    return call(slotFor(login), command);
  }

  /** Deletes the account; deleting an absent login succeeds. */
  public Future<Void> delete(String login) {
    return call(slotFor(login), new JsonObject().put("cmd", "delete").put("login", login));
  }

  public Future<Void> ping() {
    Slot slot = slots[Math.floorMod(nextPing++, slots.length)];
    return call(slot, new JsonObject().put("cmd", "ping"));
  }

  public Future<Void> close() {
    for (Slot slot : slots) {
      slot.close();
    }
    return netClient.close();
  }

  private Slot slotFor(String login) {
    return slots[Math.floorMod(login.toLowerCase(Locale.ROOT).hashCode(), slots.length)];
  }

  private static Future<Void> call(Slot slot, JsonObject command) {
    return slot.connection()
        .compose(connection -> connection.request(command))
        .compose(GameServerClient::confirmed);
  }

  private static Future<Void> confirmed(JsonObject reply) {
    if (Boolean.TRUE.equals(reply.getValue("ok"))) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(
        new GameServerException(
            "refused: " + reply.getString("error", "?") + " " + reply.getString("message", "")));
  }

  /** One pooled connection and its reconnect schedule. */
  private final class Slot {

    private Future<GameConnection> current;
    private long backoffMillis = INITIAL_BACKOFF_MILLIS;
    private long retryAtNanos;

    Future<GameConnection> connection() {
      if (current != null
          && (!current.isComplete() || (current.succeeded() && current.result().isOpen()))) {
        return current;
      }
      long waitNanos = retryAtNanos - System.nanoTime();
      if (current != null && current.failed() && waitNanos > 0) {
        return Future.failedFuture(
            new GameServerException(
                current.cause().getMessage()
                    + " (next attempt in "
                    + Math.max(1, waitNanos / 1_000_000)
                    + " ms)"));
      }
      current =
          GameConnection.open(vertx, netClient, config)
              .onSuccess(connected -> backoffMillis = INITIAL_BACKOFF_MILLIS)
              .onFailure(
                  failure -> {
                    retryAtNanos = System.nanoTime() + backoffMillis * 1_000_000;
                    backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
                  });
      return current;
    }

    void close() {
      if (current != null && current.succeeded()) {
        current.result().close();
      }
    }
  }
}
