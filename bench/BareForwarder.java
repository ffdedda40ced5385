import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * The reference row of the benchmark: Vert.x's HTTPS server and HTTP client, on the same engine
 * (BoringSSL), transport (epoll) and JVM options as the edge, forwarding to the trivial upstream
 * with no policy at all. What it costs per request is the floor under any edge built on these
 * libraries; the edge's cost above it is its own (bench/PROFILE.md, eighth round). Not a product:
 * no limits, no timeouts, the hop-by-hop headers only roughly dropped. Run as a single source file
 * with the edge's jar on the class path:
 *
 * <pre>java -cp edge/target/gatehouse-edge.jar bench/BareForwarder.java PORT CERT KEY UPSTREAM_PORT</pre>
 */
public class BareForwarder {

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int upstreamPort = Integer.parseInt(args[3]);
    // One event loop per core, as the edge deploys one verticle instance per core.
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setPreferNativeTransport(true)
                .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    HttpServerOptions server =
        new HttpServerOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setSsl(true)
            .setSslEngineOptions(new OpenSSLEngineOptions())
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(args[1]).setKeyPath(args[2]));
    vertx
        .createHttpServer(server)
        .requestHandler(request -> forward(client, upstreamPort, request))
        .listen()
        .onSuccess(listening -> System.out.println("listening on " + port))
        .onFailure(
            failure -> {
              failure.printStackTrace();
              System.exit(1);
            });
  }

  private static void forward(HttpClient client, int upstreamPort, HttpServerRequest request) {
    RequestOptions target =
        new RequestOptions()
            .setHost("127.0.0.1")
            .setPort(upstreamPort)
            .setMethod(request.method())
            .setURI(request.uri());
    // The body read first (the benchmark's requests have none), so it goes with its length.
    request
        .body()
        .compose(body -> client.request(target).compose(out -> send(request, out, body)))
        .compose(answer -> relay(answer, request.response()))
        .onFailure(failure -> request.response().setStatusCode(502).end());
  }

  private static Future<HttpClientResponse> send(
      HttpServerRequest request, HttpClientRequest out, Buffer body) {
    request
        .headers()
        .forEach(
            (name, value) -> {
              if (!name.equalsIgnoreCase("host")
                  && !name.equalsIgnoreCase("connection")
                  && !name.equalsIgnoreCase("content-length")
                  && !name.equalsIgnoreCase("transfer-encoding")) {
                out.headers().add(name, value);
              }
            });
    return out.send(body);
  }

  private static Future<Void> relay(HttpClientResponse answer, HttpServerResponse response) {
    response.setStatusCode(answer.statusCode());
    answer
        .headers()
        .forEach(
            (name, value) -> {
              if (!name.equalsIgnoreCase("connection")) {
                response.headers().add(name, value);
              }
            });
    return answer.body().compose(response::end);
  }
}
