package dev.gatehouse.shared.doctor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One agent as the edge sees it: {@code GET /health} over the tunnel, and the difference between
 * the agent's clock (its {@code Date} header) and ours, which the signed assertions depend on.
 */
public final class AgentHealthCheck {

  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private AgentHealthCheck() {}

  public static void run(String target, Duration maxSkew, Findings findings) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + target + "/health"))
            .timeout(TIMEOUT)
            .GET()
            .build();
    HttpResponse<String> response;
    Instant sent = Instant.now();
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      findings.fail(
          "agent",
          target + " unreachable (" + describe(e) + "); is the tunnel up and the agent running?");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (response.statusCode() != 200) {
      findings.fail(
          "agent",
          target + " answers /health with " + response.statusCode() + ": " + response.body());
    } else {
      findings.ok("agent", target + " answers: " + response.body());
    }
    response
        .headers()
        .firstValue("Date")
        .ifPresentOrElse(
            date -> {
              Instant theirs =
                  ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
              long skew = Math.abs(Duration.between(sent, theirs).toSeconds());
              if (skew > maxSkew.toSeconds()) {
                findings.fail(
                    "clock",
                    target
                        + " is "
                        + skew
                        + " s apart from this clock (allowed "
                        + maxSkew.toSeconds()
                        + " s): run NTP on both ends");
              } else {
                findings.ok("clock", target + " within " + skew + " s of this clock");
              }
            },
            () -> findings.warn("clock", target + " sent no Date header; cannot compare clocks"));
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
