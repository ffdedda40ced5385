package dev.gatehouse.agent.game;

import dev.gatehouse.agent.metrics.RegistrationMeters;
import dev.gatehouse.shared.log.RequestContext;
import io.vertx.core.AsyncResult;
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
 * <p>A command for a login goes through the connection that still has one for it queued, so a
 * compensating {@code delete} always reaches the server after the {@code register} it undoes;
 * otherwise through the least busy connection. A connection that fails is reopened on the next
 * command, no sooner than a back-off that doubles up to {@link #MAX_BACKOFF_MILLIS}, so a game
 * server that is down is answered for at once instead of being hammered. Use it from the verticle
 * that created it.
 */
public final class GameServerClient {

  static final long INITIAL_BACKOFF_MILLIS = 100;
  static final long MAX_BACKOFF_MILLIS = 5_000;

  /** The error code of a {@code register} whose login exists already. */
  static final String EXISTS = "exists";

  private final Vertx vertx;
  private final NetClient netClient;
  private final GameServerConfig config;
  private final Slot[] slots;
  private final Slot pingSlot = new Slot();
  private final RegistrationMeters meters;

  public GameServerClient(Vertx vertx, GameServerConfig config, RegistrationMeters meters) {
    this.vertx = vertx;
    this.config = config;
    this.meters = meters;
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

  /**
   * Creates the account, marked with {@code token}; fails with {@link LoginExistsException} if the
   * login exists and was not made with this token. Repeating it with the same token succeeds. Waits
   * at most {@code timeoutMillis}, and never longer than {@code request_timeout}.
   */
  public Future<Void> register(
      String login, String password, int gender, String token, long timeoutMillis) {
    JsonObject command =
        new JsonObject()
            .put("cmd", "register")
            .put("login", login)
            .put("password", password)
            .put("gender", gender)
            .put("token", token);
    return call(slotFor(login), command, Math.min(timeoutMillis, requestTimeoutMillis()), true);
  }

  /**
   * Deletes the account if {@code token} made it; any other account, or none, is left alone. Waits
   * at most {@code timeoutMillis}: a caller with a client waiting passes what is left of its
   * deadline, the clean-up of unfinished registrations as long as a backlog may take.
   */
  public Future<Void> delete(String login, String token, long timeoutMillis) {
    return call(
        slotFor(login),
        new JsonObject().put("cmd", "delete").put("login", login).put("token", token),
        timeoutMillis,
        false);
  }

  /**
   * Asks whether the game server answers, over a connection of its own: commands on one connection
   * are carried out in order, so a ping behind a slow {@code register} would wait for it, and one
   * in front would delay it.
   */
  public Future<Void> ping() {
    return call(pingSlot, new JsonObject().put("cmd", "ping"), requestTimeoutMillis(), false);
  }

  /**
   * Forgets failed connections and their back-off, so the next request connects at once (after the
   * game server came back); open connections are kept. Returns how many were forgotten.
   */
  public int retryNow() {
    int forgotten = 0;
    for (Slot slot : slots) {
      forgotten += slot.retryNow();
    }
    return forgotten + pingSlot.retryNow();
  }

  public Future<Void> close() {
    for (Slot slot : slots) {
      slot.close();
    }
    pingSlot.close();
    return netClient.close();
  }

  /**
   * The connection for a command about {@code login}: the one that still has a command for it
   * queued on the game server, so that a delete follows the register it undoes; otherwise the one
   * with the fewest commands under way. The game server carries out one connection's commands in
   * order, so two logins sharing a connection while another is idle would wait for each other.
   */
  private Slot slotFor(String login) {
    String key = login.toLowerCase(Locale.ROOT);
    Slot least = slots[0];
    for (Slot slot : slots) {
      if (slot.holds(key)) {
        return slot;
      }
      if (slot.underWay < least.underWay) {
        least = slot;
      }
    }
    return least;
  }

  /** {@code game_server.request_timeout}: the longest wait for one answer. */
  public long requestTimeoutMillis() {
    return config.requestTimeout().toMillis();
  }

  /**
   * Sends {@code command} on the slot's connection. A new account ({@code fresh}) is not asked for
   * while the connection has commands the game server has not answered past their deadline: it
   * would be carried out after its caller gave up, and leave an account to undo.
   */
  private Future<Void> call(Slot slot, JsonObject command, long timeoutMillis, boolean fresh) {
    long started = System.nanoTime();
    slot.underWay++;
    // Requests share the pooled connection, whose answers arrive on its own context.
    return RequestContext.resumeHere(
        slot.connection()
            .compose(
                connection ->
                    fresh && connection.behind()
                        ? Future.failedFuture(
                            new GameServerException(
                                "the game server has not yet answered commands older than"
                                    + " request_timeout"))
                        : connection.request(command, timeoutMillis))
            .compose(GameServerClient::confirmed)
            .onComplete(
                done -> {
                  slot.underWay--;
                  meters.gameServer(
                      command.getString("cmd"), outcome(done), System.nanoTime() - started);
                }));
  }

  private static String outcome(AsyncResult<Void> done) {
    if (done.succeeded()) {
      return RegistrationMeters.OK;
    }
    return done.cause() instanceof LoginExistsException
        ? RegistrationMeters.EXISTS
        : RegistrationMeters.FAILED;
  }

  private static Future<Void> confirmed(JsonObject reply) {
    if (Boolean.TRUE.equals(reply.getValue("ok"))) {
      return Future.succeededFuture();
    }
    String error = reply.getString("error", "?");
    String why = "refused: " + error + " " + reply.getString("message", "");
    return Future.failedFuture(
        EXISTS.equals(error) ? new LoginExistsException(why) : new GameServerException(why));
  }

  /** One pooled connection and its reconnect schedule. */
  private final class Slot {

    private Future<GameConnection> current;

    /** Commands sent or about to be sent on it whose callers are still waiting. */
    int underWay;

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

    boolean holds(String login) {
      return current != null
          && current.succeeded()
          && current.result().isOpen()
          && current.result().holds(login);
    }

    int retryNow() {
      backoffMillis = INITIAL_BACKOFF_MILLIS;
      retryAtNanos = 0;
      if (current != null && current.failed()) {
        current = null;
        return 1;
      }
      return 0;
    }

    void close() {
      if (current != null && current.succeeded()) {
        current.result().close();
      }
    }
  }
}
