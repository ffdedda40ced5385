package dev.gatehouse.edge.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.AdminAuthConfig;
import dev.gatehouse.edge.testing.AdminApi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every token the admin API must refuse, each forged the way an attacker would: 401 or 403 in the
 * JSON error shape, and the request goes no further.
 */
@ExtendWith(VertxExtension.class)
class TokenRejectionTest {

  @TempDir Path state;
  private Edge edge;
  private AdminApi api;
  private TokenKey key;
  private Vertx vertx;
  private String login;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    edge = AdminApi.startEdge(state, "", AdminApi.idleUpstream());
    api = new AdminApi(vertx, edge.adminPort());
    Path keyFile = state.resolve(AdminAuthConfig.KEY_FILE_NAME);
    key = TokenKey.parse(keyFile, Files.readString(keyFile));
    login = payload(api.tokens(AdminApi.OPERATOR).getString("access_token")).getString("fam");
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void aTokenSignedWithTheRealKeyIsTheControl() {
    assertThat(api.get("/admin/bans", signed(validClaims())).statusCode()).isEqualTo(200);
  }

  @Test
  void noTokenIs401() {
    assertRejected(api.get("/admin/bans", null), 401, "authentication_required");
  }

  @Test
  void garbageIs401() {
    assertRejected(api.get("/admin/bans", "not.a.token"), 401, "invalid_token");
  }

  @Test
  void algNoneIs401() {
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String token = header + "." + b64(validClaims().encode()) + ".";

    assertRejected(api.get("/admin/bans", token), 401, "invalid_token");
  }

  @Test
  void hs256SignedWithThePublicKeyIs401() {
    JWTAuth hmac =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(key.publicPem())));
    String token =
        hmac.generateToken(
            validClaims(), new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));

    assertRejected(api.get("/admin/bans", token), 401, "invalid_token");
  }

  @Test
  void expiredIs401() {
    long now = now();
    JsonObject claims = validClaims().put("iat", now - 600).put("exp", now - 300);

    assertRejected(api.get("/admin/bans", signed(claims)), 401, "token_expired");
  }

  @Test
  void noExpIs401() {
    JsonObject claims = validClaims();
    claims.remove("exp");

    assertRejected(api.get("/admin/bans", signed(claims)), 401, "invalid_token");
  }

  @Test
  void wrongIssuerIs401() {
    assertRejected(
        api.get("/admin/bans", signed(validClaims().put("iss", "someone-else"))),
        401,
        "invalid_token");
  }

  @Test
  void wrongAudienceIs401() {
    assertRejected(
        api.get("/admin/bans", signed(validClaims().put("aud", new JsonArray().add("grafana")))),
        401,
        "invalid_token");
  }

  @Test
  void futureNotBeforeIs401() {
    assertRejected(
        api.get("/admin/bans", signed(validClaims().put("nbf", now() + 3600))),
        401,
        "invalid_token");
  }

  @Test
  void unknownRoleIs401() {
    assertRejected(
        api.get("/admin/bans", signed(validClaims().put("role", "root"))), 401, "invalid_token");
  }

  @Test
  void aViewerOnAnOperatorEndpointIs403() {
    String viewer = api.tokens(AdminApi.VIEWER).getString("access_token");

    assertRejected(
        api.call(HttpMethod.DELETE, "/admin/bans/203.0.113.9", viewer), 403, "insufficient_role");
  }

  @Test
  void aForgedTokenThatClaimsToHaveExpiredIsInvalidNotExpired() {
    long now = now();
    JsonObject claims = validClaims().put("iat", now - 600).put("exp", now - 300);

    assertRejected(
        api.get("/admin/bans", signed(TokenKey.generate(), claims)), 401, "invalid_token");
  }

  @Test
  void aTokenForAnOperatorNoLongerConfiguredOrOfNoLoginIs401LoginEnded() {
    assertRejected(
        api.get("/admin/bans", signed(validClaims().put("sub", "removed-operator"))),
        401,
        "login_ended");
    assertRejected(
        api.get("/admin/bans", signed(validClaims().put("fam", "none"))), 401, "login_ended");
    JsonObject noLogin = validClaims();
    noLogin.remove("fam");
    assertRejected(api.get("/admin/bans", signed(noLogin)), 401, "login_ended");
  }

  @Test
  void theRoleIsTheOneTheConfigGivesNowNotTheTokens() {
    String claimsMore = signed(validClaims().put("sub", AdminApi.VIEWER).put("role", "operator"));

    assertRejected(
        api.call(HttpMethod.DELETE, "/admin/bans/203.0.113.9", claimsMore),
        403,
        "insufficient_role");
  }

  @Test
  void aTokenWhoseExpiryIsNoNumberIs401NotAServerError() {
    assertRejected(
        api.get("/admin/bans", signed(validClaims().put("exp", "tomorrow"))), 401, "invalid_token");
  }

  @Test
  void aTokenNamingACriticalExtensionIs401() {
    JWTAuth es256 =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(key.privatePem())));
    String token =
        es256.generateToken(
            validClaims(),
            new JWTOptions()
                .setAlgorithm("ES256")
                .setNoTimestamp(true)
                .setHeader(new JsonObject().put("crit", new JsonArray().add("x-gatehouse"))));

    assertRejected(api.get("/admin/bans", token), 401, "invalid_token");
  }

  @Test
  void aTokenOfAnotherEdgesKeyIs401() {
    TokenKey other = TokenKey.generate();

    assertRejected(api.get("/admin/bans", signed(other, validClaims())), 401, "invalid_token");
  }

  private static void assertRejected(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getBoolean("ok")).isFalse();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
  }

  private JsonObject validClaims() {
    long now = now();
    return new JsonObject()
        .put("fam", login)
        .put("iss", "gatehouse-edge")
        .put("aud", new JsonArray().add("gatehouse-admin"))
        .put("sub", AdminApi.OPERATOR)
        .put("role", "operator")
        .put("jti", "test")
        .put("iat", now)
        .put("exp", now + 300);
  }

  private String signed(JsonObject claims) {
    return signed(key, claims);
  }

  private String signed(TokenKey with, JsonObject claims) {
    JWTAuth es256 =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(with.privatePem()))
                .addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(with.publicPem())));
    return es256.generateToken(claims, new JWTOptions().setAlgorithm("ES256").setNoTimestamp(true));
  }

  private static JsonObject payload(String token) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
