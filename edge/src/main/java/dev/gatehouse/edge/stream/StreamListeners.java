package dev.gatehouse.edge.stream;

import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.cli.Runtimes;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the verticles of each entry of {@code streams:}: a TCP port on every event loop the edge
 * uses (the accepted connections are shared among them), a UDP port on one (its sessions live in
 * that verticle's map).
 */
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
      MeterRegistry registry,
      int instances,
      Duration timeout)
      throws Exception {
    List<Integer> ports = new ArrayList<>();
    for (StreamConfig stream : streams) {
      TargetPool pool = pools.get(stream.upstream());
      AssertionSigner signer = signerForUpstream.apply(stream.upstream());
      StreamMetrics metrics = new StreamMetrics(registry, stream);
      int port;
      if (stream.protocol() == StreamConfig.Protocol.UDP) {
        UdpStreamVerticle verticle = new UdpStreamVerticle(stream, pool, bans, signer, metrics);
        Runtimes.await(vertx.deployVerticle(verticle), timeout);
        port = verticle.actualPort();
      } else {
        StreamLimits limits =
            new StreamLimits(stream.maxConnectionsPerIp(), stream.newConnectionsPerSecond());
        List<StreamVerticle> started = Collections.synchronizedList(new ArrayList<>());
        Runtimes.await(
            vertx.deployVerticle(
                () -> {
                  StreamVerticle verticle =
                      new StreamVerticle(stream, pool, bans, signer, limits, metrics);
                  started.add(verticle);
                  return verticle;
                },
                new DeploymentOptions().setInstances(instances)),
            timeout);
        port = started.get(0).actualPort();
      }
      ports.add(port);
      log.info(
          "stream {} listening on {}://{}:{}",
          stream.name(),
          stream.protocol().wireName(),
          stream.host(),
          port);
    }
    return List.copyOf(ports);
  }
}
