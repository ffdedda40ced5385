package dev.gatehouse.edge.doctor;

import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.config.EdgeRoute;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.doctor.Findings;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * One GET signed as the edge signs requests, sent straight to an agent: the agent refusing it as
 * {@code invalid_assertion} means it holds another public key than the edge's signing key.
 */
final class SignedRequestCheck {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private SignedRequestCheck() {}

  static void run(String target, EdgeConfig edge, Findings findings) {
    Optional<EdgeRoute> route =
        edge.routes().stream().filter(r -> r.methods().contains(HttpMethod.GET)).findFirst();
    if (edge.assertion().signingKey().isEmpty() || route.isEmpty()) {
      findings.warn("assertion", "no signing key or no GET route: no signed request sent");
      return;
    }
    String path = route.get().path().replace("/*", "/");
    String id = "doctor-" + UUID.randomUUID();
    long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
    String assertion =
        new AssertionSigner(edge.assertion())
            .sign(
                new AssertionSigner.Request(
                    "127.0.0.1", null, route.get().path(), "GET", path, id, deadline));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + target + path))
            .timeout(TIMEOUT)
            .header("X-Request-Id", id)
            .header(EdgeAssertion.DEADLINE_HEADER, String.valueOf(deadline))
            .header(EdgeAssertion.HEADER, assertion)
            .GET()
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(TIMEOUT)
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString());
      report(target, path, response, findings);
    } catch (IOException e) {
      findings.fail("assertion", target + " unreachable for a signed GET " + path);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void report(
      String target, String path, HttpResponse<String> response, Findings findings) {
    if (response.statusCode() == 401 && response.body().contains("invalid_assertion")) {
      findings.fail(
          "assertion",
          target
              + " refuses the edge's signature: its trust.edge_public_key is not the public half"
              + " of agent_assertion.signing_key");
    } else {
      findings.ok(
          "assertion",
          target + " accepts a signed GET " + path + " (status " + response.statusCode() + ")");
    }
  }
}
