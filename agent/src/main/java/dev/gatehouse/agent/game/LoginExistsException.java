package dev.gatehouse.agent.game;

/**
 * The game server refused {@code register} because an account of that login exists, made by someone
 * else: the game server is unharmed, and the login is not free.
 */
public final class LoginExistsException extends GameServerException {

  public LoginExistsException(String message) {
    super(message);
  }
}
