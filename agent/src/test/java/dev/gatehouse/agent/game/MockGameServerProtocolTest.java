package dev.gatehouse.agent.game;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The documented wire protocol, spoken byte by byte to the mock game server over TCP. */
@ExtendWith(VertxExtension.class)
class MockGameServerProtocolTest {

  private MockGameServer game;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    port = result(game.listen("127.0.0.1", 0));
  }

  @Test
  void aLineSplitAcrossWritesAndTwoLinesInOneWriteEachGetTheirAnswer(Vertx vertx) {
    Lines lines = connect(vertx);

    lines.socket.write("{\"id\":1,\"cmd\":\"register\",\"login\":\"Split\",");
    lines.socket.write(
        "\"password\":\"secret1\",\"gender\":1,\"token\":\"t1\"}\n{\"id\":2,\"cmd\":\"ping\"}\n");

    lines.await(2);
    assertThat(lines.received)
        .containsExactly(
            new JsonObject().put("id", 1).put("ok", true),
            new JsonObject().put("id", 2).put("ok", true));
    assertThat(game.logins()).containsExactly("Split");
  }

  @Test
  void registerNeverOverwritesALoginInAnyCaseButTheSameTokenAgainIsOk(Vertx vertx) {
    Lines lines = connect(vertx);

    lines.socket.write(
        "{\"id\":1,\"cmd\":\"register\",\"login\":\"Again\",\"password\":\"secret1\",\"gender\":0,\"token\":\"t1\"}\n"
            + "{\"id\":2,\"cmd\":\"register\",\"login\":\"again\",\"password\":\"secret2\",\"gender\":1,\"token\":\"t2\"}\n"
            + "{\"id\":3,\"cmd\":\"register\",\"login\":\"Again\",\"password\":\"secret1\",\"gender\":0,\"token\":\"t1\"}\n"
            + "{\"id\":4,\"cmd\":\"fly\"}\n");

    lines.await(4);
    assertThat(lines.received.get(0).getBoolean("ok")).isTrue();
    assertThat(lines.received.get(1).getBoolean("ok")).isFalse();
    assertThat(lines.received.get(1).getString("error")).isEqualTo("exists");
    assertThat(lines.received.get(2).getBoolean("ok")).isTrue();
    assertThat(lines.received.get(3).getBoolean("ok")).isFalse();
    assertThat(lines.received.get(3).getString("error")).isEqualTo("unknown_command");
    assertThat(game.logins()).containsExactly("Again");
    assertThat(game.account("AGAIN").gender()).isZero();
    assertThat(game.account("AGAIN").token()).isEqualTo("t1");
  }

  @Test
  void deleteRemovesOnlyTheAccountItsTokenMadeAndIsOkOtherwise(Vertx vertx) {
    game.createInGame("Elder", "in-game-pw", 1);
    Lines lines = connect(vertx);

    lines.socket.write(
        "{\"id\":1,\"cmd\":\"register\",\"login\":\"Mine\",\"password\":\"secret1\",\"gender\":0,\"token\":\"t1\"}\n"
            + "{\"id\":2,\"cmd\":\"delete\",\"login\":\"mine\",\"token\":\"t2\"}\n"
            + "{\"id\":3,\"cmd\":\"delete\",\"login\":\"elder\",\"token\":\"t1\"}\n"
            + "{\"id\":4,\"cmd\":\"delete\",\"login\":\"nobody\",\"token\":\"t1\"}\n"
            + "{\"id\":5,\"cmd\":\"delete\",\"login\":\"MINE\",\"token\":\"t1\"}\n"
            + "{\"id\":6,\"cmd\":\"delete\",\"login\":\"Elder\"}\n");

    lines.await(6);
    assertThat(lines.received.subList(0, 5)).allMatch(reply -> reply.getBoolean("ok"));
    assertThat(lines.received.subList(1, 5))
        .extracting(reply -> reply.getBoolean("deleted"))
        .containsExactly(false, false, false, true);
    assertThat(lines.received.get(5).getString("error")).isEqualTo("bad_command");
    assertThat(game.logins()).containsExactly("Elder");
  }

  @Test
  void answersComeInCommandOrderEvenWhenSlow(Vertx vertx) {
    game.behaviour(MockBehaviour.slow(Duration.ofMillis(200)));
    Lines lines = connect(vertx);

    lines.socket.write(
        "{\"id\":1,\"cmd\":\"register\",\"login\":\"Late\",\"password\":\"secret1\",\"gender\":0,\"token\":\"t1\"}\n"
            + "{\"id\":2,\"cmd\":\"delete\",\"login\":\"Late\",\"token\":\"t1\"}\n");

    lines.await(2);
    assertThat(lines.received).extracting(reply -> reply.getInteger("id")).containsExactly(1, 2);
    assertThat(game.logins()).isEmpty();
  }

  @Test
  void anOverlongLineClosesTheConnection(Vertx vertx) {
    Lines lines = connect(vertx);

    lines.socket.write(Buffer.buffer(new byte[JsonLines.MAX_LINE + 10]));

    assertThat(result(lines.closed.future())).isTrue();
  }

  @Test
  void aLineThatIsNotJsonClosesTheConnection(Vertx vertx) {
    Lines lines = connect(vertx);

    lines.socket.write("hello\n");

    assertThat(result(lines.closed.future())).isTrue();
  }

  private Lines connect(Vertx vertx) {
    return new Lines(result(vertx.createNetClient().connect(port, "127.0.0.1")));
  }

  /** A raw client that splits answers on newlines itself, independent of the code under test. */
  private static final class Lines {
    final NetSocket socket;
    final List<JsonObject> received = new CopyOnWriteArrayList<>();
    final Promise<Boolean> closed = Promise.promise();
    private Buffer partial = Buffer.buffer();

    Lines(NetSocket socket) {
      this.socket = socket;
      socket.handler(this::read);
      socket.closeHandler(v -> closed.tryComplete(true));
    }

    private synchronized void read(Buffer data) {
      partial.appendBuffer(data);
      String text = partial.toString();
      int newline;
      while ((newline = text.indexOf('\n')) >= 0) {
        received.add(new JsonObject(text.substring(0, newline)));
        text = text.substring(newline + 1);
      }
      partial = Buffer.buffer(text);
    }

    void await(int count) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (received.size() < count && System.nanoTime() < deadline) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      assertThat(received).hasSizeGreaterThanOrEqualTo(count);
    }
  }
}
