package dev.gatehouse.edge.admin.auth;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AdminApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Login, use, expiry, rotation, reuse detection, logout and restarts of the admin API's tokens. */
@ExtendWith(VertxExtension.class)
class AdminTokensTest {

  @TempDir Path state;
  private Edge edge;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
  }

  private AdminApi start(Vertx vertx, String adminExtra) throws Exception {
    edge = AdminApi.startEdge(state, adminExtra, AdminApi.idleUpstream());
    return new AdminApi(vertx, edge.adminPort());
  }

  @Test
  void loginGivesABearerPairThatReadsTheBans(Vertx vertx) throws Exception {
    AdminApi api = start(vertx, "");

    HttpResponse<Buffer> login = api.login(AdminApi.VIEWER, AdminApi.PASSWORD);

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject pair = login.bodyAsJsonObject();
    assertThat(pair.getString("token_type")).isEqualTo("Bearer");
    assertThat(pair.getInteger("expires_in")).isEqualTo(300);
    assertThat(pair.getString("refresh_token")).matches("[A-Za-z0-9_-]{43}");
    JsonObject claims = claims(pair.getString("access_token"));
    assertThat(claims.getString("sub")).isEqualTo(AdminApi.VIEWER);
    assertThat(claims.getString("role")).isEqualTo("viewer");
    assertThat(claims.getString("iss")).isEqualTo("gatehouse-edge");
    assertThat(claims.getValue("aud").toString()).contains("gatehouse-admin");
    assertThat(claims.getString("jti")).isNotBlank();
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(300);

    HttpResponse<Buffer> bans = api.get("/admin/bans", pair.getString("access_token"));
    assertThat(bans.statusCode()).isEqualTo(200);
    assertThat(bans.bodyAsJsonObject().getJsonArray("bans")).isEmpty();
  }

  @Test
  void wrongPasswordAndUnknownUserAreTheSame401(Vertx vertx) throws Exception {
    AdminApi api = start(vertx, "");

    HttpResponse<Buffer> wrong = api.login(AdminApi.OPERATOR, "not the password");
    HttpResponse<Buffer> unknown = api.login("nobody", AdminApi.PASSWORD);

    for (HttpResponse<Buffer> response : List.of(wrong, unknown)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_credentials");
      assertThat(response.bodyAsJsonObject().getBoolean("ok")).isFalse();
    }
  }

  @Test
  void accessTokenExpires(Vertx vertx) throws Exception {
    // Token times are whole seconds: a 1 s token made late in a second had ended before its first
    // use. 2 s leaves at least one.
    AdminApi api = start(vertx, "access_token_ttl: 2s");
    String access = api.tokens(AdminApi.OPERATOR).getString("access_token");
    assertThat(api.get("/admin/bans", access).statusCode()).isEqualTo(200);

    Thread.sleep(3100);

    HttpResponse<Buffer> expired = api.get("/admin/bans", access);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.bodyAsJsonObject().getString("error")).isEqualTo("token_expired");
    assertThat(expired.getHeader("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void refreshSpendsTheOldTokenAndReuseRevokesTheWholeFamily(Vertx vertx) throws Exception {
    AdminApi api = start(vertx, "");
    JsonObject first = api.tokens(AdminApi.OPERATOR);

    HttpResponse<Buffer> rotated = api.refresh(first.getString("refresh_token"));
    assertThat(rotated.statusCode()).isEqualTo(200);
    JsonObject second = rotated.bodyAsJsonObject();
    assertThat(second.getString("refresh_token")).isNotEqualTo(first.getString("refresh_token"));
    assertThat(api.get("/admin/bans", second.getString("access_token")).statusCode())
        .isEqualTo(200);
    JsonObject third = api.refresh(second.getString("refresh_token")).bodyAsJsonObject();

    HttpResponse<Buffer> reuse = api.refresh(first.getString("refresh_token"));
    assertThat(reuse.statusCode()).isEqualTo(401);
    assertThat(reuse.bodyAsJsonObject().getString("error")).isEqualTo("refresh_token_reused");

    HttpResponse<Buffer> newest = api.refresh(third.getString("refresh_token"));
    assertThat(newest.statusCode()).isEqualTo(401);
    assertThat(newest.bodyAsJsonObject().getString("error")).isEqualTo("invalid_refresh_token");
    // The revoked login's access tokens end with it, the newest (the thief's, perhaps) too.
    for (JsonObject pair : List.of(first, second, third)) {
      assertLoginEnded(api.get("/admin/bans", pair.getString("access_token")));
    }
  }

  @Test
  void aRefreshWhoseStateCannotBeSavedCanBeRetriedWithTheSameToken(Vertx vertx) throws Exception {
    AdminApi api = start(vertx, "");
    String token = api.tokens(AdminApi.OPERATOR).getString("refresh_token");
    // In the state file's place, something a file cannot replace: the save fails, as on a full
    // disk.
    Path blocker = state.resolve("admin-refresh-tokens.json");
    Files.delete(blocker);
    Files.createDirectories(blocker.resolve("in-the-way"));

    HttpResponse<Buffer> failed = api.refresh(token);
    assertThat(failed.statusCode()).isEqualTo(500);

    Files.delete(blocker.resolve("in-the-way"));
    Files.delete(blocker);
    HttpResponse<Buffer> retried = api.refresh(token);
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(200);
    assertThat(
            api.get("/admin/bans", retried.bodyAsJsonObject().getString("access_token"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void reuseOfOneLoginLeavesTheOthersAlone(Vertx vertx) throws Exception {
    AdminApi api = start(vertx, "");
    JsonObject stolen = api.tokens(AdminApi.OPERATOR);
    JsonObject other = api.tokens(AdminApi.OPERATOR);
    api.refresh(stolen.getString("refresh_token"));

    assertThat(api.refresh(stolen.getString("refresh_token")).statusCode()).isEqualTo(401);

    assertThat(api.refresh(other.getString("refresh_token")).statusCode()).isEqualTo(200);
  }

  @Test
  void ofTwoConcurrentRefreshesOneWinsAndTheOtherIsAReuse(Vertx vertx) throws Exception {
    AdminApi api = start(vertx, "");
    String token = api.tokens(AdminApi.OPERATOR).getString("refresh_token");
    WebClient client = WebClient.create(vertx);
    JsonObject body = new JsonObject().put("refresh_token", token);

    List<HttpResponse<Buffer>> both =
        result(
            Future.all(
                    client
                        .post(edge.adminPort(), "127.0.0.1", "/admin/refresh")
                        .sendJsonObject(body),
                    client
                        .post(edge.adminPort(), "127.0.0.1", "/admin/refresh")
                        .sendJsonObject(body))
                .map(all -> List.of(all.<HttpResponse<Buffer>>resultAt(0), all.resultAt(1))));

    assertThat(both).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 401);
    HttpResponse<Buffer> winner =
        both.stream().filter(r -> r.statusCode() == 200).findFirst().get();
    HttpResponse<Buffer> loser = both.stream().filter(r -> r.statusCode() == 401).findFirst().get();
    assertThat(loser.bodyAsJsonObject().getString("error")).isEqualTo("refresh_token_reused");
    String won = winner.bodyAsJsonObject().getString("refresh_token");
    assertThat(api.refresh(won).statusCode()).isEqualTo(401);
  }

  @Test
  void logoutRevokesTheLogin(Vertx vertx) throws Exception {
    AdminApi api = start(vertx, "");
    JsonObject pair = api.tokens(AdminApi.OPERATOR);
    JsonObject next = api.refresh(pair.getString("refresh_token")).bodyAsJsonObject();

    HttpResponse<Buffer> logout =
        api.post(
            "/admin/logout",
            new JsonObject().put("refresh_token", next.getString("refresh_token")));

    assertThat(logout.statusCode()).isEqualTo(204);
    HttpResponse<Buffer> after = api.refresh(next.getString("refresh_token"));
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.bodyAsJsonObject().getString("error")).isEqualTo("invalid_refresh_token");
    assertLoginEnded(api.get("/admin/bans", next.getString("access_token")));
    assertLoginEnded(api.get("/admin/bans", pair.getString("access_token")));
  }

  private static void assertLoginEnded(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("login_ended");
  }

  @Test
  void tokensStayValidAcrossARestart(Vertx vertx) throws Exception {
    AdminApi api = start(vertx, "");
    JsonObject pair = api.tokens(AdminApi.OPERATOR);
    JsonObject spent = api.tokens(AdminApi.OPERATOR);
    JsonObject rotated = api.refresh(spent.getString("refresh_token")).bodyAsJsonObject();
    edge.close();

    api = start(vertx, "");

    assertThat(api.get("/admin/bans", pair.getString("access_token")).statusCode()).isEqualTo(200);
    assertThat(api.refresh(pair.getString("refresh_token")).statusCode()).isEqualTo(200);
    assertThat(api.refresh(spent.getString("refresh_token")).bodyAsJsonObject().getString("error"))
        .isEqualTo("refresh_token_reused");
    assertThat(api.refresh(rotated.getString("refresh_token")).statusCode()).isEqualTo(401);
  }

  @Test
  void stateFilesAreTheOwnersOnlyAndHoldNoToken(Vertx vertx) throws Exception {
    AdminApi api = start(vertx, "");
    JsonObject pair = api.tokens(AdminApi.OPERATOR);

    for (String name : List.of("admin-token-key.pem", "admin-refresh-tokens.json")) {
      Path file = state.resolve(name);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(name)
          .isEqualTo("rw-------");
    }
    String saved = Files.readString(state.resolve("admin-refresh-tokens.json"));
    assertThat(saved).doesNotContain(pair.getString("refresh_token"));
    assertThat(saved).contains(RefreshTokens.hash(pair.getString("refresh_token")));
    assertThat(state.resolve("admin-refresh-tokens.json.tmp")).doesNotExist();
  }

  @Test
  void adminApiNeedsOperatorsAndOtherwiseAnswers404(Vertx vertx) throws Exception {
    edge = dev.gatehouse.edge.testing.TestEdges.start(AdminApi.idleUpstream());
    AdminApi api = new AdminApi(vertx, edge.adminPort());

    HttpResponse<Buffer> bans = api.get("/admin/bans", null);
    HttpResponse<Buffer> lift = api.call(HttpMethod.DELETE, "/admin/bans/203.0.113.9", null);

    assertThat(bans.statusCode()).isEqualTo(404);
    assertThat(lift.statusCode()).isEqualTo(404);
    assertThat(bans.bodyAsJsonObject().getString("message")).contains("admin.operators");
  }

  static JsonObject claims(String jwt) {
    String payload = jwt.split("\\.")[1];
    return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload)));
  }
}
