package dev.gatehouse.edge.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One keep-alive HTTP/1.1 connection to an agent, on a Netty channel of the event loop that serves
 * the clients: one exchange at a time. It goes back to its {@link AgentChannels} for the next
 * request only once the request went out whole, the response came in whole, and neither side asked
 * to close; anything else (a reset, a failure, an early answer) closes it. It is handed on at the
 * end of the read in which the answer ended, so an answer the agent sent unasked in that read
 * closes it too instead of reaching the next request. A client that takes none of the answer for
 * the listener's idle timeout gives the connection up: the agent is not held for it.
 */
final class AgentConnection extends ChannelInboundHandlerAdapter {

  private final AgentChannels owner;
  private final Target target;
  private final ContextInternal context;
  private final long timeoutNanos;
  private final long stallNanos;
  private final AgentDecoder decoder = new AgentDecoder();
  private Channel channel;
  // The exchange in progress; all null while the connection is idle in its pool.
  private AgentRequest request;
  private Promise<AgentResponse> responded;
  private AgentResponse response;
  private boolean requestEnded;
  private boolean keepAlive;
  private boolean interim;
  // The exchange ended whole in the read being handled: the connection is free once that read is
  // done, so that anything more the agent sent in it is seen as unasked for, not as the next
  // answer.
  private boolean releaseDue;
  private long lastRead;
  // When the client last took part of the exchange: a chunk of the answer, or of its own body.
  private long clientSeen;
  private ScheduledFuture<?> timer;
  long idleSince;

  /**
   * {@code timeout}: the longest the agent may stay silent; {@code clientIdle}: the longest the
   * client may take none of the answer.
   */
  AgentConnection(
      AgentChannels owner,
      Target target,
      ContextInternal context,
      Duration timeout,
      Duration clientIdle) {
    this.owner = owner;
    this.target = target;
    this.context = context;
    this.timeoutNanos = timeout.toNanos();
    this.stallNanos = clientIdle.toNanos();
  }

  /** Reads this connection's answers; it goes in the pipeline below this handler. */
  AgentDecoder decoder() {
    return decoder;
  }

  Target target() {
    return target;
  }

  void close() {
    channel.close();
  }

  boolean isActive() {
    return channel != null && channel.isActive();
  }

  /** Starts an exchange: {@code method} {@code uri} with {@code headers}, nothing sent yet. */
  AgentRequest request(io.vertx.core.http.HttpMethod method, String uri, HeadersMultiMap headers) {
    responded = context.promise();
    request = new AgentRequest(this, method, uri, headers, responded.future());
    response = null;
    requestEnded = false;
    keepAlive = true;
    interim = false;
    lastRead = System.nanoTime();
    timer =
        channel
            .eventLoop()
            .schedule(this::checkSilence, Math.min(timeoutNanos, stallNanos), TimeUnit.NANOSECONDS);
    channel.config().setAutoRead(true);
    decoder.expect(method);
    return request;
  }

  /**
   * Writes part of {@code from}, the request of the exchange in progress. A write that fails later
   * fails the exchange (its error reaches {@link #exceptionCaught}), not the caller.
   */
  Future<Void> write(AgentRequest from, Object message, boolean flush) {
    if (from != request || !channel.isActive()) {
      ReferenceCountUtil.release(message);
      HttpClosedException closed = new HttpClosedException("the agent's connection is closed");
      if (from == request) {
        failed(closed);
      }
      return Future.failedFuture(closed);
    }
    if (!channel.config().isAutoRead()) {
      clientSeen = System.nanoTime(); // read only while the answer is held for the client
    }
    if (flush) {
      channel.writeAndFlush(message, channel.voidPromise());
    } else {
      channel.write(message, channel.voidPromise());
    }
    return Future.succeededFuture();
  }

  /**
   * Whether {@code from} must wait for the socket to take more. Once its exchange is over it never
   * waits: its writes fail at once, so a client's body piped into it is not held up for good.
   */
  boolean full(AgentRequest from) {
    return from == request && channel.isActive() && !channel.isWritable();
  }

  /** The client took a chunk of {@code from}, the response of the exchange in progress. */
  void taken(AgentResponse from) {
    if (from == response && !channel.config().isAutoRead()) {
      clientSeen = System.nanoTime(); // read only while the answer is held for the client
    }
  }

  void requestEnded(AgentRequest from) {
    if (from == request) {
      requestEnded = true;
    }
  }

  /** Stops or restarts reading for {@code from}, the response of the exchange in progress. */
  void reading(AgentResponse from, boolean on) {
    if (from == response && channel.config().isAutoRead() != on) {
      lastRead = System.nanoTime(); // a pause for a slow client is no silence of the agent's
      clientSeen = lastRead;
      channel.config().setAutoRead(on);
    }
  }

  /**
   * Ends the exchange {@code of} (its request or response) and closes the connection; nothing if
   * that exchange is already over, as the connection may carry another by now.
   */
  void reset(Object of) {
    if (of != null && (of == request || of == response)) {
      failed(new HttpClosedException("the request to the agent was reset"));
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (!(message instanceof HttpObject object) || request == null) {
      ReferenceCountUtil.release(message);
      releaseDue = false;
      failed(new HttpClosedException("the agent sent what no request asked for"));
      return;
    }
    if (object.decoderResult().isFailure()) {
      ReferenceCountUtil.release(message);
      failed(object.decoderResult().cause());
      return;
    }
    lastRead = System.nanoTime();
    context.emit(object, this::arrived);
  }

  private void arrived(HttpObject object) {
    if (object instanceof HttpResponse head) {
      int status = head.status().code();
      if (status < 200) {
        if (status == 101) {
          failed(new HttpClosedException("the agent switched protocols unasked"));
          return;
        }
        interim = true; // 100 Continue and the like: the answer is still to come
      } else {
        keepAlive = HttpUtil.isKeepAlive(head);
        response = new AgentResponse(this, head);
        responded.tryComplete(response);
      }
    }
    if (object instanceof HttpContent content) {
      if (interim) {
        content.release();
        interim = !(content instanceof LastHttpContent);
        return;
      }
      AgentResponse current = response;
      if (content.content().isReadable()) {
        current.chunk(BufferInternal.safeBuffer(content.content()));
        if (current != response) {
          return; // reset while the chunk was handled: the exchange is over
        }
      } else {
        content.release();
      }
      if (content instanceof LastHttpContent) {
        finish(requestEnded && keepAlive && sentWhole());
        current.end();
      }
    }
  }

  /**
   * Whether the request has left for the agent's socket whole. Its end written is not enough: an
   * agent that answers early and reads no more leaves the rest of the body in the channel's buffer,
   * and the next request would follow it there.
   */
  private boolean sentWhole() {
    ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
    return pending != null && pending.totalPendingWriteBytes() == 0;
  }

  /**
   * The exchange is over: the connection goes back to the pool at the end of the read, or closes.
   */
  private void finish(boolean reusable) {
    timer.cancel(false);
    AgentRequest unfinished = requestEnded ? null : request;
    request = null;
    responded = null;
    response = null;
    if (reusable && channel.isActive()) {
      // Reading while idle: the agent's close is seen, and anything it sends is refused at once.
      channel.config().setAutoRead(true);
      releaseDue = true;
    } else {
      channel.close();
    }
    if (unfinished != null) {
      // A body still being piped in, perhaps waiting for room: its next write fails, and the
      // client's body is read to its end instead of held up.
      unfinished.drained();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (releaseDue) {
      releaseDue = false;
      if (channel.isActive()) {
        owner.release(this);
      }
    }
    ctx.fireChannelReadComplete();
  }

  private void failed(Throwable failure) {
    if (request != null) {
      Promise<AgentResponse> due = responded;
      AgentResponse partial = response;
      finish(false);
      if (partial == null) {
        due.tryFail(failure);
      } else {
        partial.fail(failure);
      }
    } else {
      channel.close();
    }
  }

  /**
   * Fails the exchange once the agent has sent nothing for the response timeout, or the client has
   * taken nothing for its idle timeout. The second says nothing of the agent: its answer has begun.
   */
  private void checkSilence() {
    if (request == null) {
      return;
    }
    long now = System.nanoTime();
    long next;
    if (channel.config().isAutoRead()) {
      long silent = now - lastRead;
      if (silent >= timeoutNanos) {
        context.emit(
            new TimeoutException("the agent sent nothing for " + millis(timeoutNanos) + " ms"),
            this::failed);
        return;
      }
      next = Math.min(timeoutNanos - silent, stallNanos);
    } else {
      lastRead = now; // not reading for a slow client: no silence of the agent's
      long stalled = now - clientSeen;
      if (stalled >= stallNanos) {
        // A client that never reads, an HTTP/2 stream kept open with its window shut, say.
        context.emit(
            new HttpClosedException(
                "the client took none of the answer for " + millis(stallNanos) + " ms"),
            this::failed);
        return;
      }
      next = Math.min(timeoutNanos, stallNanos - stalled);
    }
    timer = channel.eventLoop().schedule(this::checkSilence, next, TimeUnit.NANOSECONDS);
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (request != null && channel.isWritable()) {
      context.emit(null, v -> request.drained());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    context.emit(null, v -> failed(new HttpClosedException("the agent closed the connection")));
    owner.closed(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    context.emit(cause, this::failed);
  }
}
