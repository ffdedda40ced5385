package dev.gatehouse.edge.kit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for the operator's website: serves the kit's example page, pointed at one edge and
 * key, from an origin of its own, so the browser talks to the edge across origins exactly as it
 * would from the real site. Used by {@code ./gatehouse demo} and the browser test.
 */
public final class ExampleSite {

  static final String PAGE = KitFiles.RESOURCE_ROOT + "/example.html";
  static final String EDGE_PLACEHOLDER = "https://api.example.com";
  static final String KEY_PLACEHOLDER = "PUBLIC-API-KEY";

  private final Buffer page;

  /** The example page with the edge's base URL and the page's public key filled in. */
  public ExampleSite(String edgeUrl, String publicKey) {
    String html =
        readPage().replace(EDGE_PLACEHOLDER, edgeUrl).replace(KEY_PLACEHOLDER, escape(publicKey));
    this.page = Buffer.buffer(html, "UTF-8");
  }

  public Future<HttpServer> listen(Vertx vertx, String host, int port) {
    return vertx
        .createHttpServer()
        .requestHandler(
            request -> {
              if (request.method() == HttpMethod.GET && request.path().equals("/")) {
                request
                    .response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(page);
              } else {
                request.response().setStatusCode(404).end();
              }
            })
        .listen(port, host);
  }

  private static String readPage() {
    try (InputStream in = ExampleSite.class.getClassLoader().getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IllegalStateException(
            PAGE + " is missing from the class path; build with mvn package");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String escape(String attribute) {
    return attribute.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }
}
