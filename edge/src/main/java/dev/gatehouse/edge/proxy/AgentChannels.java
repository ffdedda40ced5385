package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.net.FlushBatching;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.impl.buffer.VertxByteBufAllocator;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One event loop's keep-alive connections to the agents of one upstream, at most {@code
 * max_connections} to each, on Netty channels of that loop: the requests it forwards and their
 * answers never change threads. Below Vert.x's HTTP client, which does the same with more on the
 * way (bench/PROFILE.md, eleventh round). A request that finds every connection busy waits for the
 * next one free, up to {@link #MAX_WAITING} of them per agent; an idle connection is closed after
 * {@link #KEEP_ALIVE}.
 */
final class AgentChannels {

  /** Requests waiting for a connection to one agent, beyond which they are refused. */
  static final int MAX_WAITING = 1024;

  /** How long a connection stays open with nothing to carry. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

  private final ContextInternal context;
  private final Bootstrap bootstrap;
  private final int max;
  private final Duration timeout;
  private final Duration clientIdle;
  private final Map<Target, Slot> slots = new IdentityHashMap<>();
  private final long sweeper;
  private boolean closed;

  /** One agent's connections: those open, those idle, and the requests waiting for one. */
  private static final class Slot {
    final ArrayDeque<AgentConnection> idle = new ArrayDeque<>();
    final ArrayDeque<Promise<AgentConnection>> waiting = new ArrayDeque<>();
    int open;
  }

  AgentChannels(ContextInternal context, UpstreamConfig config, Duration clientIdle) {
    this.context = context;
    this.max = config.maxConnections();
    this.timeout = config.responseTimeout();
    this.clientIdle = clientIdle;
    VertxInternal vertx = context.owner();
    this.bootstrap =
        new Bootstrap()
            .group(context.nettyEventLoop())
            .channelFactory(() -> vertx.transport().channelFactory(false).newChannel())
            .resolver(vertx.nameResolver().nettyAddressResolverGroup())
            .option(ChannelOption.ALLOCATOR, VertxByteBufAllocator.POOLED_ALLOCATOR)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis());
    this.sweeper =
        context.setPeriodic(KEEP_ALIVE.toMillis() / 2, id -> closeIdle(System.nanoTime()));
  }

  /** A connection to {@code target}: an idle one, a new one, or the next one freed. */
  Future<AgentConnection> acquire(Target target) {
    if (closed) {
      return Future.failedFuture(
          new ApiError(ErrorCode.UPSTREAM_UNAVAILABLE, 503, "This upstream was removed."));
    }
    Slot slot = slots.computeIfAbsent(target, t -> new Slot());
    AgentConnection idle;
    while ((idle = slot.idle.pollLast()) != null) {
      if (idle.isActive()) {
        return Future.succeededFuture(idle);
      }
    }
    if (slot.open < max) {
      return connect(target, slot);
    }
    if (slot.waiting.size() >= MAX_WAITING) {
      return Future.failedFuture(
          new ApiError(
              ErrorCode.UPSTREAM_UNAVAILABLE, 503, "Too many requests wait for this agent."));
    }
    Promise<AgentConnection> next = context.promise();
    slot.waiting.add(next);
    // Every connection busy for the whole response timeout: as slow as an agent that is silent.
    long timer =
        context.setTimer(
            timeout.toMillis(),
            id -> {
              if (slot.waiting.remove(next)) {
                next.fail(
                    new ApiError(
                        ErrorCode.UPSTREAM_TIMEOUT,
                        504,
                        "Every connection to the agent stayed busy."));
              }
            });
    return next.future().andThen(done -> context.owner().cancelTimer(timer));
  }

  private static void failWaiting(Slot slot, Throwable cause) {
    Promise<AgentConnection> waiter;
    while ((waiter = slot.waiting.poll()) != null) {
      waiter.fail(cause);
    }
  }

  private Future<AgentConnection> connect(Target target, Slot slot) {
    slot.open++;
    AgentConnection connection = new AgentConnection(this, target, context, timeout, clientIdle);
    Promise<AgentConnection> connected = context.promise();
    ChannelFuture opening =
        bootstrap
            .clone()
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel
                        .pipeline()
                        .addLast(new HttpRequestEncoder(), connection.decoder(), connection);
                    FlushBatching.install(channel.pipeline());
                  }
                })
            // Unresolved: a host name is resolved by Vert.x's resolver, never on the event loop.
            .connect(
                InetSocketAddress.createUnresolved(
                    target.address().host(), target.address().port()));
    opening.addListener(
        done ->
            context.emit(
                null,
                v -> {
                  if (done.isSuccess()) {
                    connected.complete(connection);
                  } else {
                    slot.open--; // never open, so never closed either
                    connected.fail(done.cause());
                    if (slot.open == 0) {
                      // No connection left to free up for those waiting: they learn it now, and go
                      // to another agent, this one's failure counted once.
                      failWaiting(
                          slot,
                          new ApiError(
                              ErrorCode.UPSTREAM_UNAVAILABLE,
                              503,
                              "No agent is reachable right now."));
                    }
                  }
                }));
    return connected.future();
  }

  /**
   * {@code connection}, taken for a request that was not sent after all, is free again: on a later
   * task, so that a queue of such requests is not walked in one call stack.
   */
  void giveBack(AgentConnection connection) {
    context.runOnContext(v -> release(connection));
  }

  /** {@code connection} is free for the next request. */
  void release(AgentConnection connection) {
    if (!connection.isActive()) {
      return; // closed already, and counted so
    }
    Slot slot = slots.get(connection.target());
    if (closed || slot == null) {
      connection.close();
      return;
    }
    Promise<AgentConnection> waiter = slot.waiting.poll();
    if (waiter != null) {
      waiter.complete(connection);
    } else {
      connection.idleSince = System.nanoTime();
      slot.idle.addLast(connection);
    }
  }

  /** {@code connection} is gone; a request waiting for one gets a new one. */
  void closed(AgentConnection connection) {
    Slot slot = slots.get(connection.target());
    if (slot == null) {
      return;
    }
    slot.open--;
    slot.idle.remove(connection);
    Promise<AgentConnection> waiter;
    if (!closed && slot.open < max && (waiter = slot.waiting.poll()) != null) {
      connect(connection.target(), slot).onComplete(waiter);
    }
  }

  private void closeIdle(long now) {
    long keepAlive = KEEP_ALIVE.toNanos();
    for (Slot slot : slots.values()) {
      for (AgentConnection idle : slot.idle.toArray(AgentConnection[]::new)) {
        if (now - idle.idleSince >= keepAlive) {
          slot.idle.remove(idle);
          idle.close();
        }
      }
    }
  }

  /** Closes the idle connections now and the others once their exchange is over. */
  void close() {
    closed = true;
    context.owner().cancelTimer(sweeper);
    for (Slot slot : slots.values()) {
      slot.idle.forEach(AgentConnection::close);
      slot.idle.clear();
      Promise<AgentConnection> waiter;
      while ((waiter = slot.waiting.poll()) != null) {
        waiter.fail(
            new ApiError(ErrorCode.UPSTREAM_UNAVAILABLE, 503, "This upstream was removed."));
      }
    }
  }
}
