package dev.gatehouse.edge.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client that sends header values no browser would: HPACK carries any byte, and this
 * client checks none. One request per call, on a connection of its own.
 */
public final class RawHttp2 {

  /** The answer: its status and body, or the error code of the stream's reset (status 0). */
  public record Reply(int status, String body, long resetCode) {}

  private RawHttp2() {}

  /** GETs {@code path} from the edge on {@code port} with {@code headers} added as they are. */
  public static Reply get(int port, String path, Map<String, String> headers) throws Exception {
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
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Http2FrameCodec codec = Http2FrameCodecBuilder.forClient().validateHeaders(false).build();
      Collector collector = new Collector(reply);
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
      // Not validated: the point is to send what a validating client would refuse to.
      Http2Headers head =
          new DefaultHttp2Headers(false)
              .method("GET")
              .scheme("https")
              .authority("localhost:" + port)
              .path(path);
      headers.forEach(head::add);
      channel
          .writeAndFlush(new DefaultHttp2HeadersFrame(head, true).stream(collector.newStream()))
          .sync();
      return reply.get(10, TimeUnit.SECONDS);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /** Gathers the one stream's answer. */
  private static final class Collector extends Http2ChannelDuplexHandler {

    private final CompletableFuture<Reply> reply;
    private final StringBuilder body = new StringBuilder();
    private int status;

    Collector(CompletableFuture<Reply> reply) {
      this.reply = reply;
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
      if (!(frame instanceof Http2StreamFrame)) {
        return; // the connection's own frames: settings, pings
      }
      boolean ended = false;
      if (frame instanceof Http2HeadersFrame head) {
        if (head.headers().status() != null) {
          status = Integer.parseInt(head.headers().status().toString());
        }
        ended = head.isEndStream();
      } else if (frame instanceof Http2DataFrame data) {
        ByteBuf content = data.content();
        body.append(content.toString(StandardCharsets.UTF_8));
        ended = data.isEndStream();
      } else if (frame instanceof Http2ResetFrame reset) {
        reply.complete(new Reply(0, "", reset.errorCode()));
      }
      if (ended) {
        reply.complete(new Reply(status, body.toString(), -1));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      reply.completeExceptionally(new IllegalStateException("the edge closed the connection"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      reply.completeExceptionally(cause);
    }
  }
}
