package dev.gatehouse.edge.config;

import java.util.Locale;

/** What an operator may do: a {@code viewer} reads, an {@code operator} also changes things. */
public enum Role {
  VIEWER,
  OPERATOR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role may call an endpoint that requires {@code required}. */
  public boolean allows(Role required) {
    return compareTo(required) >= 0;
  }

  public static Role of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
