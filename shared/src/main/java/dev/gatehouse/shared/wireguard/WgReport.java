package dev.gatehouse.shared.wireguard;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code wg init} tells the operator: the files written, and the gatehouse config lines that
 * match them; private keys only when asked for.
 */
record WgReport(Path out, String iface, int agentPort, boolean showKeys) {

  void print(
      PrintWriter print,
      String edgeAddress,
      WgKeyPair edgeKeys,
      List<String> agentAddresses,
      Map<String, WgKeyPair> agentKeys) {
    print.println(
        "Wrote "
            + out.resolve("edge").resolve(iface + ".conf")
            + " (VPS, "
            + edgeAddress
            + ", public key "
            + edgeKeys.publicKey()
            + ")");
    int i = 0;
    for (Map.Entry<String, WgKeyPair> agent : agentKeys.entrySet()) {
      print.println(
          "Wrote "
              + out.resolve(agent.getKey()).resolve(iface + ".conf")
              + " (home, "
              + agentAddresses.get(i++)
              + ", public key "
              + agent.getValue().publicKey()
              + ")");
    }
    print.println();
    print.println("edge.yaml:");
    print.println("  upstreams:");
    print.println("    agent:");
    StringBuilder targets = new StringBuilder();
    for (String address : agentAddresses) {
      targets
          .append(targets.length() == 0 ? "" : ", ")
          .append('"')
          .append(address)
          .append(':')
          .append(agentPort)
          .append('"');
    }
    print.println("      targets: [" + targets + "]");
    i = 0;
    for (String name : agentKeys.keySet()) {
      print.println();
      print.println(name + " agent.yaml:");
      print.println("  listen: {host: " + agentAddresses.get(i++) + ", port: " + agentPort + "}");
      print.println("  trust:");
      print.println("    allowed_sources: [" + edgeAddress + "/32]");
    }
    if (showKeys) {
      print.println();
      print.println("Private keys:");
      print.println("  edge: " + edgeKeys.privateKey());
      agentKeys.forEach((name, keys) -> print.println("  " + name + ": " + keys.privateKey()));
    }
    print.flush();
  }
}
