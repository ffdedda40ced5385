package dev.gatehouse.agent.backend;

import java.util.List;

/**
 * The backend verticles a route can name, and the event-bus addresses they listen on. Kept below
 * routing, health and the backends themselves so that none of them imports another for an address.
 */
public final class Backends {

  public static final String STATUS = "status";
  public static final String REGISTER = "register";
  public static final List<String> NAMES = List.of(REGISTER, STATUS);

  /** Where the registration backend answers whether the game server answers. */
  public static final String GAME_PING_ADDRESS = "gatehouse.game.ping";

  private Backends() {}

  public static String address(String name) {
    return "gatehouse.backend." + name;
  }
}
