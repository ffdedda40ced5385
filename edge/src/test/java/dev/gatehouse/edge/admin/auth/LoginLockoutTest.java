package dev.gatehouse.edge.admin.auth;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AdminApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Guessing passwords locks the name and the address out, then bans the address. */
@ExtendWith(VertxExtension.class)
class LoginLockoutTest {

  private static final String BANS =
      "bans: {threshold: 8, window: 1m, duration: 1m, never_ban: []}\n";

  @TempDir Path state;
  private Edge edge;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
  }

  private AdminApi start(Vertx vertx) throws Exception {
    edge =
        AdminApi.startEdge(
            state,
            "login: {max_failures: 3, window: 1m, lockout: 1m}",
            AdminApi.idleUpstream() + BANS);
    return new AdminApi(vertx, edge.adminPort());
  }

  @Test
  void bruteForceLocksOutThenBans(Vertx vertx) throws Exception {
    AdminApi api = start(vertx);
    for (int i = 0; i < 3; i++) {
      assertThat(api.login(AdminApi.OPERATOR, "guess-" + i).statusCode()).isEqualTo(401);
    }

    HttpResponse<Buffer> locked = api.login(AdminApi.OPERATOR, AdminApi.PASSWORD);
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.bodyAsJsonObject().getString("error")).isEqualTo("login_locked");
    assertThat(Long.parseLong(locked.getHeader("Retry-After"))).isBetween(1L, 61L);

    for (int i = 0; i < 4; i++) {
      api.login(AdminApi.OPERATOR, "guess-more-" + i);
    }
    HttpResponse<Buffer> banned = api.login(AdminApi.VIEWER, AdminApi.PASSWORD);
    assertThat(banned.statusCode()).isEqualTo(403);
    assertThat(banned.bodyAsJsonObject().getString("error")).isEqualTo("banned");
  }

  @Test
  void guessesSentAllAtOnceGetNoMoreTriesThanTheLimit(Vertx vertx) throws Exception {
    start(vertx);
    WebClient client = WebClient.create(vertx);
    List<Future<HttpResponse<Buffer>>> guesses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      guesses.add(
          client
              .post(edge.adminPort(), "127.0.0.1", "/admin/login")
              .sendJsonObject(
                  new JsonObject().put("username", AdminApi.OPERATOR).put("password", "g-" + i)));
    }
    result(Future.join(guesses));

    List<Integer> statuses = guesses.stream().map(g -> g.result().statusCode()).toList();
    // Only as many passwords were tried as max_failures allows; the rest were locked out.
    assertThat(statuses).filteredOn(s -> s == 401).hasSizeLessThanOrEqualTo(3);
    assertThat(statuses).allMatch(s -> s == 401 || s == 429 || s == 403);
  }

  @Test
  void theLockedNameIsLockedFromAnyAddress(Vertx vertx) throws Exception {
    AdminApi api = start(vertx);
    for (int i = 0; i < 3; i++) {
      api.login(AdminApi.OPERATOR, "guess-" + i);
    }

    AdminApi elsewhere = new AdminApi(vertx, edge.adminPort(), "127.0.0.3");
    assertThat(elsewhere.login(AdminApi.OPERATOR, AdminApi.PASSWORD).statusCode()).isEqualTo(429);
    assertThat(elsewhere.login(AdminApi.VIEWER, AdminApi.PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void fewerFailuresThanTheLimitLockNothing(Vertx vertx) throws Exception {
    AdminApi api = start(vertx);
    api.login(AdminApi.OPERATOR, "typo");
    api.login(AdminApi.OPERATOR, "typo");

    assertThat(api.login(AdminApi.OPERATOR, AdminApi.PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void noPasswordOrTokenReachesAnyLogLine(Vertx vertx) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    List<String> secrets = new ArrayList<>(List.of(AdminApi.PASSWORD, "wrong-password-x"));
    try {
      AdminApi api = start(vertx);
      api.login(AdminApi.OPERATOR, "wrong-password-x");
      api.login("wrong-password-x", AdminApi.PASSWORD);
      JsonObject first = api.tokens(AdminApi.OPERATOR);
      JsonObject second = api.refresh(first.getString("refresh_token")).bodyAsJsonObject();
      api.refresh(first.getString("refresh_token"));
      api.get("/admin/bans", second.getString("access_token"));
      api.get("/admin/bans", second.getString("access_token") + "x");
      for (JsonObject pair : List.of(first, second)) {
        secrets.add(pair.getString("access_token"));
        secrets.add(pair.getString("refresh_token"));
      }
    } finally {
      root.detachAppender(captured);
    }

    List<String> lines =
        captured.list.stream()
            .map(e -> e.getFormattedMessage() + " " + String.valueOf(e.getThrowableProxy()))
            .toList();
    assertThat(lines).anyMatch(line -> line.contains("refresh token reuse"));
    assertThat(lines).anyMatch(line -> line.contains("admin login of " + AdminApi.OPERATOR));
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
    }
  }
}
