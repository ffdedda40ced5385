package dev.gatehouse.agent.game.mock;

import dev.gatehouse.agent.game.JsonLines;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the game server's account socket that speaks the default protocol and keeps
 * accounts in memory. Commands on one connection are carried out in order, as the protocol
 * requires. Operators develop against it; tests use it to make the game server slow, failing or
 * disconnecting.
 */
public final class MockGameServer {

  private static final Logger log = LoggerFactory.getLogger(MockGameServer.class);

  /** What the mock keeps of an account: never the password itself. */
  public record Account(String login, int gender, String passwordSha256) {}

  private final Vertx vertx;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Set<NetSocket> connections = ConcurrentHashMap.newKeySet();
  private volatile MockBehaviour behaviour;
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
    return accounts.values().stream().map(Account::login).collect(Collectors.toSet());
  }

  public Account account(String login) {
    return accounts.get(login.toLowerCase(Locale.ROOT));
  }

  private void serve(NetSocket socket) {
    connections.add(socket);
    socket.closeHandler(closed -> connections.remove(socket));
    // Commands of one connection run one after another, even when answers are delayed.
    Future<?>[] tail = {Future.succeededFuture()};
    JsonLines.install(
        socket,
        command -> tail[0] = tail[0].eventually(() -> handle(socket, command)),
        problem -> socket.close());
  }

  private Future<Void> handle(NetSocket socket, JsonObject command) {
    MockBehaviour now = behaviour;
    Promise<Void> done = Promise.promise();
    long delay = now.delay().toMillis();
    if (delay > 0) {
      vertx.setTimer(delay, fired -> done.complete());
    } else {
      done.complete();
    }
    return done.future().compose(ready -> respond(socket, command, now));
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
    Object login = command.getValue("login");
    switch (cmd) {
      case "ping":
        return ok();
      case "register":
        Object password = command.getValue("password");
        Object gender = command.getValue("gender");
        if (!(login instanceof String name)
            || !(password instanceof String secret)
            || !(gender instanceof Integer sex)) {
          return refused("bad_command", "register needs login, password and gender");
        }
        accounts.put(name.toLowerCase(Locale.ROOT), new Account(name, sex, sha256(secret)));
        log.info("register {}", name);
        return ok();
      case "delete":
        if (!(login instanceof String name)) {
          return refused("bad_command", "delete needs login");
        }
        accounts.remove(name.toLowerCase(Locale.ROOT));
        log.info("delete {}", name);
        return ok();
      default:
        return refused("unknown_command", "no command '" + cmd + "'");
    }
  }

  private static JsonObject ok() {
    return new JsonObject().put("ok", true);
  }

  private static JsonObject refused(String error, String message) {
    return new JsonObject().put("ok", false).put("error", error).put("message", message);
  }

  private static String sha256(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
