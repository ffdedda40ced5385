package dev.gatehouse.edge.proxy;

import io.netty.handler.codec.http.HttpResponse;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;

/**
 * An agent's response as it arrives: its head, and its body as a stream that starts paused. While
 * paused, what arrives is held and the connection stops reading, so a slow client slows the agent
 * instead of filling the edge's memory.
 */
final class AgentResponse implements ReadStream<Buffer> {

  private static final Object END = new Object();

  private final AgentConnection connection;
  private final HttpResponse head;
  private final MultiMap headers;
  // Chunks, then END, in arrival order (no more than one read of the socket holds); or a failure
  // nobody was there to hear.
  private final ArrayDeque<Object> held = new ArrayDeque<>(4);
  private long demand;
  private boolean delivering;
  private boolean finished;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  AgentResponse(AgentConnection connection, HttpResponse head) {
    this.connection = connection;
    this.head = head;
    this.headers = new HeadersAdaptor(head.headers());
  }

  int statusCode() {
    return head.status().code();
  }

  MultiMap headers() {
    return headers;
  }

  String getHeader(CharSequence name) {
    return head.headers().get(name);
  }

  /** Closes the agent's connection: what is left of this response is never read. */
  void reset() {
    connection.reset(this);
  }

  void chunk(Buffer chunk) {
    arrived(chunk);
  }

  void end() {
    arrived(END);
  }

  void fail(Throwable failure) {
    arrived(failure);
  }

  private void arrived(Object item) {
    if (finished) {
      return;
    }
    if (item instanceof Throwable failure) {
      // At once, paused or not, whatever is held: the body is broken, and a pipe waiting for room
      // at the client must learn it now rather than when the client reads again.
      finished = true;
      held.clear();
      if (exceptionHandler != null) {
        exceptionHandler.handle(failure);
      } else {
        held.add(failure); // for whoever reads the body
      }
      return;
    }
    if (item == END) {
      finished = true;
    }
    held.add(item);
    deliver();
    if (!held.isEmpty()) {
      connection.reading(this, false);
    }
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    if (handler != null && held.peek() instanceof Throwable) {
      deliver();
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    deliver();
    if (held.isEmpty() && demand > 0) {
      connection.reading(this, true);
    }
    return this;
  }

  private void deliver() {
    if (delivering) {
      return; // a handler that resumes the stream while it is being delivered to
    }
    delivering = true;
    try {
      while (!held.isEmpty() && (demand > 0 || held.peek() instanceof Throwable)) {
        Object item = held.poll();
        if (item instanceof Throwable failure) {
          if (exceptionHandler != null) {
            exceptionHandler.handle(failure);
          }
        } else if (item == END) {
          if (endHandler != null) {
            endHandler.handle(null);
          }
        } else {
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
          connection.taken(this); // the client's progress, however slow
          if (handler != null) {
            handler.handle((Buffer) item);
          }
        }
      }
    } finally {
      delivering = false;
    }
  }
}
