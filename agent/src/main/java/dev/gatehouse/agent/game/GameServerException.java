package dev.gatehouse.agent.game;

/** The game server did not confirm a command: unreachable, too slow, disconnected or refused. */
public class GameServerException extends RuntimeException {

  public GameServerException(String message) {
    super(message, null, false, false);
  }
}
