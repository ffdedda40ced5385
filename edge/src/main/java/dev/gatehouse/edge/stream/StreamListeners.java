package dev.gatehouse.edge.stream;

import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.cli.Runtimes;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deploys one {@link StreamVerticle} per entry of {@code streams:}. */
public final class StreamListeners {

  private static final Logger log = LoggerFactory.getLogger(StreamListeners.class);

  private StreamListeners() {}

  /**
   * Blocks the calling thread (never an event loop) until every listener listens; returns their
   * ports in the order of {@code streams:}.
   */
  public static List<Integer> deploy(
      Vertx vertx,
      List<StreamConfig> streams,
      Function<String, AssertionSigner> signerForUpstream,
      Map<String, TargetPool> pools,
      BanList bans,
      Duration timeout)
      throws Exception {
    List<Integer> ports = new ArrayList<>();
    for (StreamConfig stream : streams) {
      StreamVerticle verticle =
          new StreamVerticle(
              stream,
              pools.get(stream.upstream()),
              bans,
              signerForUpstream.apply(stream.upstream()));
      Runtimes.await(vertx.deployVerticle(verticle), timeout);
      ports.add(verticle.actualPort());
      log.info(
          "stream {} listening on tcp://{}:{}",
          stream.name(),
          stream.host(),
          verticle.actualPort());
    }
    return List.copyOf(ports);
  }
}
