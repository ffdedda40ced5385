package dev.gatehouse.shared.wireguard;

import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse wg init}: key pairs and WireGuard configs for the edge and each agent, from the
 * templates in {@code wireguard/templates}, plus the gatehouse config lines that go with them.
 * Configs hold private keys, so they are written with mode 0600 and keys are printed only on
 * request.
 */
@Command(
    name = "gatehouse wg init",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Writes WireGuard configs for the edge and its agents.")
public final class WgInitMain implements Callable<Integer> {

  static final Pattern ENDPOINT = Pattern.compile("(.+):(\\d{1,5})");
  static final Pattern SUBNET =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  @Option(
      names = "--endpoint",
      required = true,
      description = "The VPS as agents reach it: host:port, e.g. vps.example.com:51820.")
  String endpoint;

  @Option(
      names = "--subnet",
      defaultValue = "10.8.0.0/24",
      description =
          "Tunnel subnet; the edge gets .1, agents .2, .3, … (default: ${DEFAULT-VALUE}).")
  String subnet;

  @Option(
      names = "--agents",
      defaultValue = "1",
      description = "Number of agents (default: ${DEFAULT-VALUE}).")
  int agents;

  @Option(
      names = "--agent-port",
      defaultValue = "1010",
      description = "Port the agents listen on in the tunnel (default: ${DEFAULT-VALUE}).")
  int agentPort;

  @Option(
      names = "--interface",
      defaultValue = "wg0",
      description = "Interface name; the files are named after it (default: ${DEFAULT-VALUE}).")
  String iface;

  @Option(
      names = "--mtu",
      defaultValue = "1420",
      description = "Tunnel MTU (default: ${DEFAULT-VALUE}; 1412 behind PPPoE).")
  int mtu;

  @Option(
      names = "--out",
      defaultValue = "wg",
      description = "Folder for edge/ and agent-N/ (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--show-keys", description = "Also print the private keys.")
  boolean showKeys;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new WgInitMain()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    Matcher endpointParts = ENDPOINT.matcher(endpoint);
    Matcher subnetParts = SUBNET.matcher(subnet);
    if (!endpointParts.matches() || Integer.parseInt(endpointParts.group(2)) > 65535) {
      return fail("--endpoint: '" + endpoint + "' must be host:port, e.g. vps.example.com:51820");
    }
    if (!subnetParts.matches()
        || Integer.parseInt(subnetParts.group(5)) > 30
        || Integer.parseInt(subnetParts.group(5)) < 8) {
      return fail(
          "--subnet: '" + subnet + "' must be an IPv4 network from /8 to /30, e.g. 10.8.0.0/24");
    }
    int prefix = Integer.parseInt(subnetParts.group(5));
    long network = Ipv4.parse(subnetParts) & (0xFFFFFFFFL << (32 - prefix));
    long hosts = (1L << (32 - prefix)) - 2;
    if (agents < 1 || agents + 1 > hosts) {
      return fail(
          "--agents: " + agents + " does not fit in " + subnet + " (room for " + (hosts - 1) + ")");
    }
    if (Files.exists(out.resolve("edge").resolve(iface + ".conf"))) {
      return fail(
          out.resolve("edge")
              + " already holds a config; move it away first, keys are not replaced silently");
    }

    String edgeAddress = Ipv4.dotted(network + 1);
    WgKeyPair edgeKeys = WgKeyPair.generate();
    List<String> agentAddresses = new ArrayList<>();
    StringBuilder edgeConfig =
        new StringBuilder(
            WgTemplates.render(
                "edge.conf",
                Map.of(
                    "INTERFACE", iface,
                    "ADDRESS", edgeAddress + "/" + prefix,
                    "LISTEN_PORT", endpointParts.group(2),
                    "PRIVATE_KEY", edgeKeys.privateKey(),
                    "MTU", Integer.toString(mtu))));
    Map<String, WgKeyPair> agentKeys = new LinkedHashMap<>();
    for (int i = 1; i <= agents; i++) {
      String name = "agent-" + i;
      String address = Ipv4.dotted(network + 1 + i);
      WgKeyPair keys = WgKeyPair.generate();
      agentKeys.put(name, keys);
      agentAddresses.add(address);
      edgeConfig.append(
          WgTemplates.render(
              "edge-peer.conf",
              Map.of(
                  "PEER_NAME",
                  name,
                  "PEER_PUBLIC_KEY",
                  keys.publicKey(),
                  "PEER_ADDRESS",
                  address)));
      PrivateFiles.write(
          out.resolve(name).resolve(iface + ".conf"),
          WgTemplates.render(
              "agent.conf",
              Map.of(
                  "NAME",
                  name,
                  "INTERFACE",
                  iface,
                  "ADDRESS",
                  address + "/" + prefix,
                  "PRIVATE_KEY",
                  keys.privateKey(),
                  "MTU",
                  Integer.toString(mtu),
                  "PEER_PUBLIC_KEY",
                  edgeKeys.publicKey(),
                  "ENDPOINT",
                  endpoint,
                  "PEER_ADDRESS",
                  edgeAddress)));
    }
    PrivateFiles.write(out.resolve("edge").resolve(iface + ".conf"), edgeConfig.toString());
    new WgReport(out, iface, agentPort, showKeys)
        .print(spec.commandLine().getOut(), edgeAddress, edgeKeys, agentAddresses, agentKeys);
    return 0;
  }

  private int fail(String message) {
    spec.commandLine().getErr().println("gatehouse wg init: " + message);
    return 2;
  }
}
