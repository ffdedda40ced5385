package dev.gatehouse.edge.doctor;

import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.config.EdgeRoute;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.doctor.Findings;
import dev.gatehouse.shared.trust.EdgeAssertion;
import dev.gatehouse.shared.trust.SharedSecret;
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
 * One GET asserted as the edge asserts requests, sent straight to an agent: the agent refusing it
 * as {@code invalid_assertion} means it holds another secret than the edge uses for its upstream.
 */
final class SignedRequestCheck {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private SignedRequestCheck() {}

  static void run(String target, String upstream, EdgeConfig edge, Findings findings) {
    Optional<EdgeRoute> route =
        edge.routes().stream().filter(r -> r.methods().contains(HttpMethod.GET)).findFirst();
    Optional<SharedSecret> secret = edge.assertionSecret(upstream);
    if (secret.isEmpty() || route.isEmpty()) {
      findings.warn("assertion", "no assertion secret or no GET route: no asserted request sent");
      return;
    }
    String path = route.get().path().replace("/*", "/");
    String id = "doctor-" + UUID.randomUUID();
    long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
    String assertion =
        new AssertionSigner(secret.get(), edge.assertion().ttl())
            .sign(
                new AssertionSigner.Request(
                    "127.0.0.1",
                    null,
                    route.get().path(),
                    "GET",
                    path,
                    id,
                    deadline,
                    TIMEOUT.toMillis()));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + target + path))
            .timeout(TIMEOUT)
            .header("X-Request-Id", id)
            .header(EdgeAssertion.DEADLINE_HEADER, String.valueOf(deadline))
            .header(EdgeAssertion.TIMEOUT_HEADER, String.valueOf(TIMEOUT.toMillis()))
            .header(EdgeAssertion.HEADER, assertion)
            .GET()
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(TIMEOUT)
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString());
      report(target, path, secretKey(edge, upstream), response, findings);
    } catch (IOException e) {
      findings.fail("assertion", target + " unreachable for an asserted GET " + path);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The key naming the secret the edge uses for {@code upstream}, as the operator wrote it. */
  private static String secretKey(EdgeConfig edge, String upstream) {
    return edge.upstreams().get(upstream).assertionSecret().isPresent()
        ? "upstreams." + upstream + ".assertion_secret_file"
        : "agent_assertion.secret_file";
  }

  private static void report(
      String target,
      String path,
      String secretKey,
      HttpResponse<String> response,
      Findings findings) {
    if (response.statusCode() == 401 && response.body().contains("invalid_assertion")) {
      findings.fail(
          "assertion",
          target
              + " refuses the edge's assertion: its trust.edge_secret_file does not hold the"
              + " secret of "
              + secretKey);
    } else {
      findings.ok(
          "assertion",
          target + " accepts an asserted GET " + path + " (status " + response.statusCode() + ")");
    }
  }
}
