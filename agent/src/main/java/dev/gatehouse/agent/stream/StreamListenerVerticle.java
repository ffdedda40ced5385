package dev.gatehouse.agent.stream;

import dev.gatehouse.shared.cli.BindFailure;
import dev.gatehouse.shared.net.AddressSet;
import dev.gatehouse.shared.stream.FirstLine;
import dev.gatehouse.shared.stream.Splice;
import dev.gatehouse.shared.stream.StreamAssertion;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's stream port: takes a connection from the edge, checks its source and its first line
 * (the signed stream assertion) before any byte goes anywhere, opens the named local target,
 * answers {@code OK}, then splices. Anything wrong is answered with one {@code ERR} line and a
 * close.
 */
public final class StreamListenerVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(StreamListenerVerticle.class);

  /** The edge sends its line at once; a silent connection is not the edge. */
  static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

  /** The edge ends idle streams; this only reaps streams whose edge vanished silently. */
  static final Duration IDLE_TIMEOUT = Duration.ofHours(2);

  private final AgentStreamsConfig config;
  private final AddressSet allowedSources;
  private final StreamAssertionVerifier verifier;
  private NetServer server;
  private NetClient client;

  public StreamListenerVerticle(
      AgentStreamsConfig config, AddressSet allowedSources, StreamAssertionVerifier verifier) {
    this.config = config;
    this.allowedSources = allowedSources;
    this.verifier = verifier;
  }

  @Override
  public Future<?> start() {
    client =
        vertx.createNetClient(
            new NetClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setTcpNoDelay(true));
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
    server.connectHandler(this::handle);
    return server
        .listen(config.port(), config.host())
        .recover(BindFailure.naming("the stream listener", config.host(), config.port()));
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void handle(NetSocket edge) {
    String source = edge.remoteAddress().hostAddress();
    if (!allowedSources.contains(source)) {
      log.warn("refused a stream connection from {}: not in trust.allowed_sources", source);
      edge.close();
      return;
    }
    Splice.prepare(edge);
    long timer = vertx.setTimer(HANDSHAKE_TIMEOUT.toMillis(), id -> edge.close());
    FirstLine.read(edge, StreamAssertion.MAX_LINE)
        .andThen(ar -> vertx.cancelTimer(timer))
        .compose(first -> open(edge, first))
        .onFailure(e -> refuse(edge, e.getMessage()));
  }

  private Future<?> open(NetSocket edge, FirstLine first) {
    StreamAssertionVerifier.Claims claims = verifier.verify(first.line()).orElse(null);
    if (claims == null) {
      return Future.failedFuture("invalid_assertion");
    }
    AgentStreamsConfig.Target target = config.targets().get(claims.stream());
    if (target == null) {
      return Future.failedFuture("unknown_stream");
    }
    if (target.udp() != claims.udp()) {
      return Future.failedFuture("protocol_mismatch");
    }
    return target.udp() ? relay(edge, first, target, claims) : splice(edge, first, target, claims);
  }

  private Future<Splice.Result> splice(
      NetSocket edge,
      FirstLine first,
      AgentStreamsConfig.Target target,
      StreamAssertionVerifier.Claims claims) {
    return client
        .connect(target.address().port(), target.address().host())
        .recover(e -> Future.failedFuture("target_unavailable"))
        .compose(
            local -> {
              Splice.prepare(local);
              local.pause();
              if (target.proxyProtocol()) {
                local.write(proxyHeader(claims, local));
              }
              if (first.rest().length() > 0) {
                local.write(first.rest());
              }
              edge.write(StreamAssertion.OK + "\n");
              return Splice.start(vertx, edge, local, Buffer.buffer(), IDLE_TIMEOUT);
            });
  }

  private Future<Void> relay(
      NetSocket edge,
      FirstLine first,
      AgentStreamsConfig.Target target,
      StreamAssertionVerifier.Claims claims) {
    // A target named by host name is looked up once per session, off the event loop.
    return vertx
        .executeBlocking(() -> InetAddress.getByName(target.address().host()))
        .recover(e -> Future.failedFuture("target_unavailable"))
        .compose(
            address -> {
              Buffer header =
                  target.proxyProtocol()
                      ? ProxyHeaderV2.udp(
                          literal(claims.clientIp()),
                          claims.clientPort(),
                          address,
                          target.address().port())
                      : Buffer.buffer();
              return UdpRelay.start(
                  vertx,
                  edge,
                  first.rest(),
                  address,
                  target.address().port(),
                  header,
                  IDLE_TIMEOUT);
            });
  }

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      // The edge signs literal addresses; a name here would be a bug, not a lookup to make.
      throw new IllegalStateException(e);
    }
  }

  private static Buffer proxyHeader(StreamAssertionVerifier.Claims claims, NetSocket local) {
    try {
      return ProxyHeaderV2.tcp(
          InetAddress.getByName(claims.clientIp()),
          claims.clientPort(),
          InetAddress.getByName(local.remoteAddress().hostAddress()),
          local.remoteAddress().port());
    } catch (UnknownHostException e) {
      // The edge signs literal addresses; a name here would be a bug, not a lookup to make.
      throw new IllegalStateException(e);
    }
  }

  private void refuse(NetSocket edge, String code) {
    log.warn("refused a stream from {}: {}", edge.remoteAddress().hostAddress(), code);
    edge.write(StreamAssertion.REFUSED + code + "\n").eventually(edge::close);
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }
}
