package dev.gatehouse.agent.game;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One TCP connection to the game server. Commands are pipelined and matched to their answers by
 * {@code id}; each has its own deadline. Used from one event loop only.
 */
final class GameConnection {

  private record Pending(Promise<JsonObject> promise, long timer) {}

  private final Vertx vertx;
  private final NetSocket socket;
  private final GameServerConfig config;
  private final Map<Long, Pending> pending = new HashMap<>();

  /**
   * Commands given up on (their caller was answered) that the game server has not answered yet: it
   * still has them queued and will carry them out, so they count against the connection's bound.
   */
  private final Set<Long> late = new HashSet<>();

  /**
   * The lower-cased login of each command the game server has yet to answer, late ones included.
   */
  private final Map<Long, String> loginOf = new HashMap<>();

  private long nextId = 1;
  private boolean open = true;

  private GameConnection(Vertx vertx, NetSocket socket, GameServerConfig config) {
    this.vertx = vertx;
    this.socket = socket;
    this.config = config;
  }

  static Future<GameConnection> open(Vertx vertx, NetClient client, GameServerConfig config) {
    return client
        .connect(config.port(), config.host())
        .recover(
            failure ->
                Future.failedFuture(
                    new GameServerException(
                        "cannot connect to "
                            + config.host()
                            + ":"
                            + config.port()
                            + ": "
                            + failure.getMessage())))
        .map(socket -> new GameConnection(vertx, socket, config).start());
  }

  private GameConnection start() {
    JsonLines.install(socket, this::answer, problem -> socket.close());
    socket.closeHandler(closed -> failAll("the game server closed the connection"));
    return this;
  }

  boolean isOpen() {
    return open;
  }

  /** Sends {@code command} and completes with the answer, or fails after {@code timeoutMillis}. */
  Future<JsonObject> request(JsonObject command, long timeoutMillis) {
    if (!open) {
      return Future.failedFuture(new GameServerException("the connection is closed"));
    }
    if (pending.size() + late.size() >= config.maxPendingPerConnection()) {
      return Future.failedFuture(new GameServerException("too many commands waiting for answers"));
    }
    long id = nextId++;
    Promise<JsonObject> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, timeoutMillis),
            fired -> {
              if (pending.containsKey(id)) {
                late.add(id);
              }
              fail(id, "no answer within " + timeoutMillis + " ms");
            });
    pending.put(id, new Pending(promise, timer));
    String login = command.getString("login");
    if (login != null) {
      loginOf.put(id, login.toLowerCase(Locale.ROOT));
    }
    JsonLines.write(socket, command.copy().put("id", id))
        .onFailure(
            failure -> {
              loginOf.remove(id); // never reached the game server
              fail(id, "cannot send: " + failure.getMessage());
            });
    return promise.future();
  }

  /**
   * Whether a command for {@code login} (lower-cased) is still queued on the game server: the next
   * one for that login must follow it on this connection, or it could overtake it.
   */
  boolean holds(String login) {
    return loginOf.containsValue(login);
  }

  /**
   * Whether the game server has yet to answer a command that outlived its deadline: it is further
   * behind than a caller waits, and a new command sent now would only join the queue.
   */
  boolean behind() {
    return !late.isEmpty();
  }

  void close() {
    socket.close();
  }

  private void answer(JsonObject reply) {
    Object id = reply.getValue("id");
    Pending waiting = id instanceof Number number ? pending.remove(number.longValue()) : null;
    if (id instanceof Number number) {
      loginOf.remove(number.longValue());
    }
    if (waiting == null) {
      if (id instanceof Number number) {
        late.remove(number.longValue()); // the answer to a command that already timed out
      }
      return;
    }
    vertx.cancelTimer(waiting.timer());
    waiting.promise().complete(reply);
  }

  private void fail(long id, String why) {
    Pending waiting = pending.remove(id);
    if (waiting != null) {
      vertx.cancelTimer(waiting.timer());
      waiting.promise().fail(new GameServerException(why));
    }
  }

  private void failAll(String why) {
    open = false;
    late.clear();
    loginOf.clear();
    for (Long id : new ArrayList<>(pending.keySet())) {
      fail(id, why);
    }
  }
}
