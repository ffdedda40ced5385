package dev.gatehouse.edge.acme;

import dev.gatehouse.shared.cli.BindFailure;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.error.ErrorReplies;
import dev.gatehouse.shared.error.JsonFailureHandler;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The plain-HTTP listener: answers HTTP-01 challenges, the edge's own from memory and certbot's
 * from its webroot, and sends everything else to HTTPS (301 for GET/HEAD, 308 otherwise so a POST
 * is not turned into a GET).
 */
public final class AcmeRedirectVerticle extends VerticleBase {

  public static final String CHALLENGE_PATH = "/.well-known/acme-challenge/";

  private final String host;
  private final int port;
  private final int httpsPort;
  private final Optional<Path> webroot;
  private final ChallengeTokens tokens;
  private final Function<HttpServerOptions, Handler<HttpConnection>> framing;
  private final Handler<RoutingContext> accessLines;
  private volatile int actualPort;

  /**
   * {@code framing}: the strict decoder and guard for a listener of the given options; {@code
   * accessLines}: the first handler of every request, which logs its answer.
   */
  public AcmeRedirectVerticle(
      String host,
      int port,
      int httpsPort,
      Optional<Path> webroot,
      ChallengeTokens tokens,
      Function<HttpServerOptions, Handler<HttpConnection>> framing,
      Handler<RoutingContext> accessLines) {
    this.framing = framing;
    this.accessLines = accessLines;
    this.host = host;
    this.port = port;
    this.httpsPort = httpsPort;
    this.webroot = webroot;
    this.tokens = tokens;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(accessLines);
    router.get(CHALLENGE_PATH + ":token").handler(this::answerFromMemory);
    webroot.ifPresent(
        root ->
            router
                .route(CHALLENGE_PATH + "*")
                .handler(
                    StaticHandler.create(
                            FileSystemAccess.ROOT,
                            root.resolve(CHALLENGE_PATH.substring(1)).toAbsolutePath().toString())
                        .setDirectoryListing(false)
                        .setCachingEnabled(false))
                // An unknown token is a plain 404, so certbot reports it instead of following a
                // redirect.
                .handler(ctx -> ctx.response().setStatusCode(404).end()));
    router.route().handler(this::redirect);
    JsonFailureHandler.installOn(router);
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            // It redirects and answers ACME: no HTTP/2 in clear text and no WebSocket, whose
            // handlers reconfigured the pipeline under the strict decoder.
            .setHttp2ClearTextEnabled(false)
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false);
    return vertx
        .createHttpServer(options)
        .connectionHandler(framing.apply(options))
        .requestHandler(router)
        .listen()
        .recover(BindFailure.naming("the HTTP listener", host, port))
        .onSuccess(server -> actualPort = server.actualPort());
  }

  public int actualPort() {
    return actualPort;
  }

  private void answerFromMemory(RoutingContext ctx) {
    tokens
        .answer(ctx.pathParam("token"))
        .onSuccess(
            answer ->
                answer.ifPresentOrElse(
                    text -> ctx.response().putHeader("Content-Type", "text/plain").end(text),
                    ctx::next));
  }

  private void redirect(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    if (authority == null) {
      ErrorReplies.send(ctx, new ApiError(ErrorCode.BAD_REQUEST, "A Host header is required."));
      return;
    }
    String target =
        "https://"
            + authority.host()
            + (httpsPort == 443 ? "" : ":" + httpsPort)
            + ctx.request().uri();
    HttpMethod method = ctx.request().method();
    boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD;
    ctx.response().setStatusCode(safe ? 301 : 308).putHeader("Location", target).end();
  }
}
