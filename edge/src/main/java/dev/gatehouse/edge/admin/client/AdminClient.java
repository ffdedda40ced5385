package dev.gatehouse.edge.admin.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A blocking client of the admin API for the command line and the Telegram bot: logs in, keeps the
 * token pair in a {@link TokenStore}, refreshes the access token shortly before it expires, and
 * answers each call with its status and JSON body.
 */
public final class AdminClient {

  /** An answer of the API: its status and its JSON body (empty for 204). */
  public record Answer(int status, JsonObject body) {

    public boolean ok() {
      return status / 100 == 2;
    }

    /** The error line of a refused call, as the API wrote it. */
    public String error() {
      return body.getString("error", "http_" + status) + ": " + body.getString("message", "");
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final Duration EARLY = Duration.ofSeconds(15);

  private final URI base;
  private final TokenStore store;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  /** {@code base}: the API's base URL, e.g. {@code http://127.0.0.1:9901/admin}. */
  public AdminClient(URI base, TokenStore store) {
    this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
    this.store = store;
  }

  public Answer login(String user, String password) throws IOException, InterruptedException {
    Answer answer =
        send(
            "POST",
            "login",
            null,
            new JsonObject().put("username", user).put("password", password));
    if (answer.ok()) {
      store.save(Tokens.from(answer.body()));
    }
    return answer;
  }

  public Answer logout() throws IOException, InterruptedException {
    Optional<Tokens> tokens = store.load();
    if (tokens.isEmpty()) {
      return new Answer(204, new JsonObject());
    }
    Answer answer =
        send("POST", "logout", null, new JsonObject().put("refresh_token", tokens.get().refresh()));
    store.clear();
    return answer;
  }

  /** {@code method path} (relative to the base, e.g. {@code status}) with a fresh access token. */
  public Answer call(String method, String path) throws IOException, InterruptedException {
    Tokens tokens = stored();
    if (expiring(tokens)) {
      tokens = store.alone(this::refresh);
    }
    return send(method, path, tokens.access(), null);
  }

  /** A new pair for the stored one, unless another client of the store has just made one. */
  private Tokens refresh() throws IOException, InterruptedException {
    Tokens tokens = stored();
    if (!expiring(tokens)) {
      return tokens;
    }
    Answer refreshed =
        send("POST", "refresh", null, new JsonObject().put("refresh_token", tokens.refresh()));
    if (!refreshed.ok()) {
      store.clear();
      throw new NotLoggedIn("log in again (" + refreshed.error() + ")");
    }
    Tokens next = Tokens.from(refreshed.body());
    store.save(next);
    return next;
  }

  private Tokens stored() {
    return store.load().orElseThrow(() -> new NotLoggedIn("not logged in"));
  }

  private static boolean expiring(Tokens tokens) {
    return tokens.expiresAt().minus(EARLY).isBefore(Instant.now());
  }

  private Answer send(String method, String path, String bearer, JsonObject body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), json(response.body()));
  }

  private static JsonObject json(String text) {
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject().put("message", text.strip());
    }
  }

  /** There is no usable login: the user has to log in (again). */
  public static final class NotLoggedIn extends RuntimeException {
    NotLoggedIn(String message) {
      super(message);
    }
  }
}
