package dev.gatehouse.edge.testing;

import static dev.gatehouse.shared.testing.Await.result;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** One scrape of a {@code /metrics} page in the Prometheus text format. */
public final class Scrape {

  private final String text;

  private Scrape(String text) {
    this.text = text;
  }

  public static Scrape of(WebClient client, int port) {
    HttpResponse<Buffer> response = result(client.get(port, "127.0.0.1", "/metrics").send());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /metrics answered " + response.statusCode());
    }
    // An empty page (metrics off) has no body at all.
    return new Scrape(Objects.requireNonNullElse(response.bodyAsString(), ""));
  }

  /** The sample {@code name} whose labels include {@code labels}; 0 when there is none. */
  public double value(String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        int close = line.lastIndexOf('}');
        String labelText = close < 0 ? "" : line.substring(name.length() + 1, close);
        boolean matches =
            labels.entrySet().stream()
                .allMatch(e -> labelText.contains(e.getKey() + "=\"" + e.getValue() + "\""));
        if (matches) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return sum;
  }

  /** Every series (name and labels) whose name starts with {@code prefix}. */
  public Set<String> series(String prefix) {
    Set<String> series = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith(prefix)) {
        series.add(line.substring(0, line.lastIndexOf(' ')));
      }
    }
    return series;
  }

  /** The name of every sample on the page, {@code _bucket}, {@code _count} and {@code _sum} too. */
  public Set<String> sampleNames() {
    Set<String> names = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  public String text() {
    return text;
  }
}
