package dev.gatehouse.edge.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client that sends header values no browser would: HPACK carries any byte, and this
 * client checks none. Each call opens a connection of its own.
 */
public final class RawHttp2 {

  /**
   * The answer: its status and body, or the error code of the stream's reset (status 0) or of the
   * connection's GOAWAY (status -1).
   */
  public record Reply(int status, String body, long resetCode) {

    /** Whether the edge refused the request at the protocol level, without an answer. */
    public boolean reset() {
      return status <= 0;
    }
  }

  private RawHttp2() {}

  /** GETs {@code path} from the edge on {@code port} with {@code headers} added as they are. */
  public static Reply get(int port, String path, Map<String, String> headers) throws Exception {
    Http2Headers head = head(port).method("GET").scheme("https").path(path);
    headers.forEach(head::add);
    return send(port, head);
  }

  /** A head with only the {@code :authority} of the edge on {@code port}, and no validation. */
  public static Http2Headers head(int port) {
    // Not validated: the point is to send what a validating client would refuse to.
    return new DefaultHttp2Headers(false).authority("localhost:" + port);
  }

  /** Sends {@code head} as it is, with no body, and waits for the answer or the reset. */
  public static Reply send(int port, Http2Headers head) throws Exception {
    return sendAll(port, List.of(head)).get(0);
  }

  /**
   * Sends each head as it is on a stream of its own, one after the other on one connection, and
   * waits for each answer or reset; the replies are in the order of the heads.
   */
  public static List<Reply> sendAll(int port, List<Http2Headers> heads) throws Exception {
    SslContext tls =
        SslContextBuilder.forClient()
            .trustManager(new File(TestEdges.CERTIFICATE.certificatePath()))
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_2))
            .build();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Http2FrameCodec codec = Http2FrameCodecBuilder.forClient().validateHeaders(false).build();
      Collector collector = new Collector();
      Channel channel =
          new Bootstrap()
              .group(group)
              .channel(NioSocketChannel.class)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(tls.newHandler(ch.alloc(), "localhost", port))
                          .addLast(codec)
                          .addLast(collector);
                    }
                  })
              .connect("127.0.0.1", port)
              .sync()
              .channel();
      List<Reply> replies = new ArrayList<>();
      for (Http2Headers head : heads) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        channel
            .eventLoop()
            .submit(
                () ->
                    channel.writeAndFlush(
                        new DefaultHttp2HeadersFrame(head, true).stream(collector.open(reply))))
            .sync();
        replies.add(reply.get(10, TimeUnit.SECONDS));
      }
      return replies;
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /** Gathers each stream's answer. */
  private static final class Collector extends Http2ChannelDuplexHandler {

    private final Map<Http2FrameStream, Answer> answers = new HashMap<>();

    /** A new stream whose answer completes {@code reply}. */
    Http2FrameStream open(CompletableFuture<Reply> reply) {
      Http2FrameStream stream = newStream();
      answers.put(stream, new Answer(reply));
      return stream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      try {
        read(message);
      } finally {
        ReferenceCountUtil.release(message);
      }
    }

    private void read(Object frame) {
      if (frame instanceof Http2GoAwayFrame goAway) {
        answers.values().forEach(a -> a.reply.complete(new Reply(-1, "", goAway.errorCode())));
        return;
      }
      if (!(frame instanceof Http2StreamFrame streamFrame)
          || !answers.containsKey(streamFrame.stream())) {
        return; // the connection's own frames: settings, pings
      }
      Answer answer = answers.get(streamFrame.stream());
      boolean ended = false;
      if (frame instanceof Http2HeadersFrame head) {
        if (head.headers().status() != null) {
          answer.status = Integer.parseInt(head.headers().status().toString());
        }
        ended = head.isEndStream();
      } else if (frame instanceof Http2DataFrame data) {
        answer.body.append(data.content().toString(StandardCharsets.UTF_8));
        ended = data.isEndStream();
      } else if (frame instanceof Http2ResetFrame reset) {
        answer.reply.complete(new Reply(0, "", reset.errorCode()));
      }
      if (ended) {
        answer.reply.complete(new Reply(answer.status, answer.body.toString(), -1));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      IllegalStateException closed = new IllegalStateException("the edge closed the connection");
      answers.values().forEach(a -> a.reply.completeExceptionally(closed));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      answers.values().forEach(a -> a.reply.completeExceptionally(cause));
    }
  }

  /** One stream's answer as it comes in. */
  private static final class Answer {

    private final CompletableFuture<Reply> reply;
    private final StringBuilder body = new StringBuilder();
    private int status;

    Answer(CompletableFuture<Reply> reply) {
      this.reply = reply;
    }
  }
}
