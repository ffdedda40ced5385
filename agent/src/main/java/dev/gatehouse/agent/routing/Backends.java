package dev.gatehouse.agent.routing;

import java.util.Set;

/** The backend verticles a route can name, and the event-bus address each listens on. */
public final class Backends {

  public static final String STATUS = "status";
  public static final String REGISTER = "register";
  public static final Set<String> NAMES = Set.of(STATUS, REGISTER);

  private Backends() {}

  public static String address(String name) {
    return "gatehouse.backend." + name;
  }
}
