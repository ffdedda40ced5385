package dev.gatehouse.agent.game.mock;

import dev.gatehouse.agent.game.JsonLines;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the game server's account socket that speaks the default protocol (version 2: no
 * overwrite, deletes only what a token made) and keeps accounts in memory. Commands on one
 * connection are carried out in order, as the protocol requires. Operators develop against it;
 * tests use it to make the game server slow, failing or disconnecting.
 */
public final class MockGameServer {

  /**
   * What the mock keeps of an account: never the password itself, and the creation token of the
   * {@code register} that made it ({@code null} for an account made some other way).
   */
  public record Account(String login, int gender, String passwordSha256, String token) {}

  private final Vertx vertx;
  private final MockAccounts accounts = new MockAccounts();
  private final Set<NetSocket> connections = ConcurrentHashMap.newKeySet();
  private volatile MockBehaviour behaviour;

  /** Counts crashes: a connection accepted before the last one is dead, whatever it still holds. */
  private final AtomicInteger lives = new AtomicInteger();

  private NetServer server;

  public MockGameServer(Vertx vertx, MockBehaviour behaviour) {
    this.vertx = vertx;
    this.behaviour = behaviour;
  }

  /** Listens on {@code host:port} (port 0 for any free one); completes with the bound port. */
  public Future<Integer> listen(String host, int port) {
    server =
        vertx.createNetServer(
            new NetServerOptions().setHost(host).setPort(port).setReuseAddress(true));
    return server.connectHandler(this::serve).listen().map(NetServer::actualPort);
  }

  /**
   * Dies as {@code kill -9} would: commands not carried out yet never are, nothing more is
   * answered, every connection is cut. The accounts stay, as a real server's database would keep
   * them; {@link #listen} again is the restart.
   */
  public Future<Void> crash() {
    lives.incrementAndGet();
    return stop();
  }

  /** Stops listening and cuts every connection, as a crashed game server would. */
  public Future<Void> stop() {
    connections.forEach(NetSocket::close);
    return server == null ? Future.succeededFuture() : server.close();
  }

  public void behaviour(MockBehaviour behaviour) {
    this.behaviour = behaviour;
  }

  /** The logins of every account, as registered. */
  public Set<String> logins() {
    return accounts.logins();
  }

  public Account account(String login) {
    return accounts.account(login);
  }

  /** Creates an account the way a player or an admin would in the game, without gatehouse. */
  public void createInGame(String login, String password, int gender) {
    accounts.createInGame(login, password, gender);
  }

  private void serve(NetSocket socket) {
    connections.add(socket);
    socket.closeHandler(closed -> connections.remove(socket));
    // Commands of one connection run one after another, even when answers are delayed.
    Future<?>[] tail = {Future.succeededFuture()};
    int life = lives.get();
    JsonLines.install(
        socket,
        command -> tail[0] = tail[0].eventually(() -> handle(socket, command, life)),
        problem -> socket.close());
  }

  private Future<Void> handle(NetSocket socket, JsonObject command, int life) {
    MockBehaviour now = behaviour;
    Promise<Void> done = Promise.promise();
    long delay = now.delay().toMillis();
    if (delay > 0) {
      vertx.setTimer(delay, fired -> done.complete());
    } else {
      done.complete();
    }
    return done.future()
        .compose(
            ready ->
                life == lives.get() ? respond(socket, command, now) : Future.succeededFuture());
  }

  private Future<Void> respond(NetSocket socket, JsonObject command, MockBehaviour now) {
    JsonObject reply = new JsonObject().put("id", command.getValue("id"));
    if (now.fail()) {
      return JsonLines.write(
          socket,
          reply.put("ok", false).put("error", "unavailable").put("message", "told to fail"));
    }
    JsonObject outcome = apply(command);
    if (now.drop()) {
      return socket.close();
    }
    return JsonLines.write(socket, reply.mergeIn(outcome));
  }

  private JsonObject apply(JsonObject command) {
    String cmd = String.valueOf(command.getValue("cmd"));
    return switch (cmd) {
      case "ping" -> MockAccounts.ok();
      case "register" -> accounts.register(command);
      case "delete" -> accounts.delete(command);
      default -> MockAccounts.refused("unknown_command", "no command '" + cmd + "'");
    };
  }
}
