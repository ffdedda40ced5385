package dev.gatehouse.agent.game.mock;

import java.time.Duration;

/**
 * How the mock game server misbehaves: answer each command only after {@code delay}; refuse every
 * command ({@code fail}); or carry it out and then drop the connection without answering ({@code
 * drop}), the worst case for the agent since the account exists but was never confirmed.
 */
public record MockBehaviour(Duration delay, boolean fail, boolean drop) {

  public static final MockBehaviour NORMAL = new MockBehaviour(Duration.ZERO, false, false);

  public static MockBehaviour slow(Duration delay) {
    return new MockBehaviour(delay, false, false);
  }

  public static MockBehaviour failing() {
    return new MockBehaviour(Duration.ZERO, true, false);
  }

  public static MockBehaviour dropping() {
    return new MockBehaviour(Duration.ZERO, false, true);
  }
}
