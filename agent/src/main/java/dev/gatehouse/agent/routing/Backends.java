package dev.gatehouse.agent.routing;

import java.util.List;

/** The backend verticles a route can name, and the event-bus address each listens on. */
public final class Backends {

  public static final String STATUS = "status";
  public static final String REGISTER = "register";
  public static final List<String> NAMES = List.of(REGISTER, STATUS);

  private Backends() {}

  public static String address(String name) {
    return "gatehouse.backend." + name;
  }
}
