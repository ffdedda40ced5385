package dev.gatehouse.edge.admin.auth;

import dev.gatehouse.edge.config.Role;

/** Who an admin request speaks for, as its access token says. */
public record Principal(String name, Role role) {}
