package dev.gatehouse.edge.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;

/**
 * A request on its way to an agent over an {@link AgentConnection}: its head goes with the first
 * write, its body as it is written, and {@link #response} comes once the agent answers.
 * Back-pressure is the connection's: its write queue is full while the socket does not take more.
 */
final class AgentRequest implements WriteStream<Buffer> {

  private final AgentConnection connection;
  private final DefaultHttpRequest head;
  private final Future<AgentResponse> response;
  private boolean headSent;
  private boolean ended;
  private Handler<Void> drainHandler;

  AgentRequest(
      AgentConnection connection,
      io.vertx.core.http.HttpMethod method,
      String uri,
      HeadersMultiMap headers,
      Future<AgentResponse> response) {
    this.connection = connection;
    this.response = response;
    this.head =
        new DefaultHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.valueOf(method.name()), uri, headers);
  }

  /** The agent's answer, its body paused; fails if the connection breaks or stays silent. */
  Future<AgentResponse> response() {
    return response;
  }

  /** Gives up on the request: the connection is closed, and the response fails if still due. */
  void reset() {
    connection.reset(this);
  }

  /** Sends the whole request, with {@code body} (null: none, and no length either). */
  Future<Void> send(Buffer body) {
    if (body == null) {
      return end();
    }
    head.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
    return end(body);
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (ended) {
      return Future.failedFuture("the request to the agent has ended");
    }
    sendHead();
    return connection.write(this, new DefaultHttpContent(bytes(data)), true);
  }

  @Override
  public Future<Void> end() {
    return finish(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  @Override
  public Future<Void> end(Buffer data) {
    return finish(new DefaultLastHttpContent(bytes(data)));
  }

  private Future<Void> finish(LastHttpContent last) {
    if (ended) {
      return Future.failedFuture("the request to the agent has ended");
    }
    ended = true;
    sendHead();
    connection.requestEnded(this);
    return connection.write(this, last, true);
  }

  private void sendHead() {
    if (!headSent) {
      headSent = true;
      connection.write(this, head, false);
    }
  }

  private static ByteBuf bytes(Buffer data) {
    return data.length() == 0 ? Unpooled.EMPTY_BUFFER : ((BufferInternal) data).getByteBuf();
  }

  /** The socket takes more again. */
  void drained() {
    Handler<Void> handler = drainHandler;
    if (handler != null) {
      handler.handle(null);
    }
  }

  @Override
  public boolean writeQueueFull() {
    return connection.full(this);
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this; // a broken connection fails the response, which the forwarder watches
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this; // the channel's own water marks
  }
}
