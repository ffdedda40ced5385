package dev.gatehouse.edge.config;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.password.Argon2id;
import java.util.List;
import java.util.regex.Pattern;

/** One entry of {@code admin.operators}: a name, its Argon2id password hash and its role. */
public record Operator(String name, String passwordHash, Role role) {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  static Operator from(ConfigNode node) {
    String name = node.string("name");
    if (!NAME.matcher(name).matches()) {
      throw node.error("name", "'" + name + "' is not 1-64 of [A-Za-z0-9_.-]");
    }
    String hash = node.string("password_hash");
    if (!Argon2id.isHash(hash)) {
      throw node.error(
          "password_hash", "is not an Argon2id hash (make one with: gatehouse keygen admin NAME)");
    }
    Role role = Role.of(node.choice("role", "viewer", List.of("viewer", "operator")));
    node.done();
    return new Operator(name, hash, role);
  }

  /** Never the hash: records end up in logs and exception messages. */
  @Override
  public String toString() {
    return "Operator[" + name + ", " + role.label() + "]";
  }
}
