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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the game server's account socket that speaks the default protocol (version 2: no
 * overwrite, deletes only what a token made) and keeps accounts in memory. Commands on one
 * connection are carried out in order, as the protocol requires. Operators develop against it;
 * tests use it to make the game server slow, failing or disconnecting.
 */
public final class MockGameServer {

  private static final Logger log = LoggerFactory.getLogger(MockGameServer.class);

  /**
   * What the mock keeps of an account: never the password itself, and the creation token of the
   * {@code register} that made it ({@code null} for an account made some other way).
   */
  public record Account(String login, int gender, String passwordSha256, String token) {}

  private final Vertx vertx;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
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
    return accounts.values().stream().map(Account::login).collect(Collectors.toSet());
  }

  public Account account(String login) {
    return accounts.get(login.toLowerCase(Locale.ROOT));
  }

  /** Creates an account the way a player or an admin would in the game, without gatehouse. */
  public void createInGame(String login, String password, int gender) {
    accounts.put(
        login.toLowerCase(Locale.ROOT), new Account(login, gender, sha256(password), null));
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
      case "ping" -> ok();
      case "register" -> register(command);
      case "delete" -> delete(command);
      default -> refused("unknown_command", "no command '" + cmd + "'");
    };
  }

  /** Creates the account unless its login exists; the same token again finds it made already. */
  private JsonObject register(JsonObject command) {
    if (!(command.getValue("login") instanceof String login)
        || !(command.getValue("password") instanceof String password)
        || !(command.getValue("gender") instanceof Integer gender)
        || !(command.getValue("token") instanceof String token)) {
      return refused("bad_command", "register needs login, password, gender and token");
    }
    Account made = new Account(login, gender, sha256(password), token);
    Account kept = accounts.computeIfAbsent(login.toLowerCase(Locale.ROOT), key -> made);
    if (kept == made) {
      log.info("register {}", login);
      return ok();
    }
    return token.equals(kept.token())
        ? ok()
        : refused("exists", "an account named '" + kept.login() + "' exists");
  }

  /** Deletes the account only if this token made it; anything else is left alone, and ok. */
  private JsonObject delete(JsonObject command) {
    if (!(command.getValue("login") instanceof String login)
        || !(command.getValue("token") instanceof String token)) {
      return refused("bad_command", "delete needs login and token");
    }
    String key = login.toLowerCase(Locale.ROOT);
    Account account = accounts.get(key);
    boolean deleted =
        account != null && token.equals(account.token()) && accounts.remove(key, account);
    if (deleted) {
      log.info("delete {}", login);
    }
    return ok().put("deleted", deleted);
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
