package dev.gatehouse.edge.stream;

import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.stream.FirstLine;
import dev.gatehouse.shared.stream.Splice;
import dev.gatehouse.shared.stream.StreamAssertion;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Opens one stream on an available agent of the pool: connects to its stream port, sends the signed
 * stream line and reads the answer, trying each agent once. An agent that answered with a refusal
 * is final (another would say the same); one that could not be reached counts as a failed request
 * to it.
 */
final class AgentDialer {

  /** An agent connection past its {@code OK}, and the target's bytes that came with it. */
  record Opened(NetSocket socket, Buffer early, String host) {}

  /** The agent a connection was last sent to, for its access-log line. */
  static final class Attempt {
    String host = "-";
  }

  private final StreamConfig config;
  private final TargetPool pool;
  private final AssertionSigner signer;
  private final NetClient client;

  AgentDialer(StreamConfig config, TargetPool pool, AssertionSigner signer, NetClient client) {
    this.config = config;
    this.pool = pool;
    this.signer = signer;
    this.client = client;
  }

  /** The opened stream, counted as outstanding on its agent until {@link #ended}. */
  Future<Opened> open(String ip, int port, Attempt attempt) {
    return connect(ip, port, new HashSet<>(), attempt)
        .onSuccess(opened -> pool.streamBegan(opened.host()));
  }

  void ended(Opened opened) {
    pool.streamEnded(opened.host());
  }

  private Future<Opened> connect(String ip, int port, Set<String> tried, Attempt attempt) {
    String host = pool.pickHost(tried).orElse(null);
    if (host == null) {
      return Future.failedFuture("upstream_unavailable");
    }
    tried.add(host);
    attempt.host = host;
    return client
        .connect(config.agentPort(), host)
        .onFailure(e -> pool.streamFailed(host))
        .compose(agentSocket -> handshake(agentSocket, ip, port, host))
        .recover(
            e ->
                e.getMessage() != null && e.getMessage().startsWith("target")
                    ? Future.failedFuture(e)
                    : connect(ip, port, tried, attempt));
  }

  private Future<Opened> handshake(NetSocket agentSocket, String ip, int port, String host) {
    Splice.prepare(agentSocket);
    String line = signer.signStream(config.target(), config.protocol().wireName(), ip, port);
    agentSocket.write(line + "\n");
    return FirstLine.read(agentSocket, StreamAssertion.MAX_LINE)
        .compose(
            first -> {
              if (first.line().equals(StreamAssertion.OK)) {
                return Future.succeededFuture(new Opened(agentSocket, first.rest(), host));
              }
              agentSocket.close();
              String code =
                  first.line().startsWith(StreamAssertion.REFUSED)
                      ? first.line().substring(StreamAssertion.REFUSED.length())
                      : "bad_answer";
              return Future.failedFuture("target refused: " + code);
            });
  }
}
