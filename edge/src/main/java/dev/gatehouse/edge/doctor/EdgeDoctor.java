package dev.gatehouse.edge.doctor;

import dev.gatehouse.edge.acme.AcmeCheck;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.proxy.UpstreamConfig;
import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.doctor.AgentHealthCheck;
import dev.gatehouse.shared.doctor.CertificateCheck;
import dev.gatehouse.shared.doctor.Findings;
import dev.gatehouse.shared.doctor.WireGuardCheck;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse doctor --edge edge.yaml}: on the VPS, checks what operators get wrong, one line
 * each: the config, the certificate (or the ACME state), the tunnel, and every agent through it
 * with its clock and one request signed end to end.
 */
@Command(
    name = "gatehouse doctor --edge",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Checks an edge's setup.")
public final class EdgeDoctor implements Callable<Integer> {

  /** The assertions' validity in time is judged with this much leeway on the agent by default. */
  static final Duration MAX_SKEW = Duration.ofSeconds(5);

  @Option(names = "--config", required = true, description = "Path of edge.yaml.")
  Path config;

  @Option(
      names = "--interface",
      defaultValue = "wg0",
      description = "WireGuard interface (default: ${DEFAULT-VALUE}); 'none' skips the check.")
  String iface;

  @Option(
      names = "--probe-http",
      description =
          "With tls.acme: send the port-80 probe to HOST:PORT instead of each domain's port 80"
              + " (e.g. from inside a NAT).")
  String probeHttp;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EdgeDoctor()).execute(args));
  }

  @Override
  public Integer call() {
    Findings findings = new Findings(new PrintWriter(spec.commandLine().getOut(), true));
    EdgeConfig edge;
    try {
      edge = EdgeConfig.load(config);
      findings.ok("config", config + " parses");
    } catch (ConfigException e) {
      findings.fail("config", e.getMessage());
      return findings.exitCode();
    }
    if (edge.tls().acme().isPresent()) {
      AcmeCheck.run(edge.tls().acme().get(), probeTarget(), Instant.now(), findings);
    } else {
      CertificateCheck.run(edge.tls().cert(), Instant.now(), findings);
    }
    if (!iface.equals("none")) {
      WireGuardCheck.run(iface, Instant.now(), findings);
    }
    for (UpstreamConfig upstream : edge.upstreams().values()) {
      upstream
          .targets()
          .forEach(
              target -> {
                String address = target.host() + ":" + target.port();
                AgentHealthCheck.run(address, MAX_SKEW, findings);
                SignedRequestCheck.run(address, upstream.name(), edge, findings);
              });
    }
    return findings.exitCode();
  }

  private Optional<InetSocketAddress> probeTarget() {
    if (probeHttp == null) {
      return Optional.empty();
    }
    int colon = probeHttp.lastIndexOf(':');
    if (colon < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--probe-http: '" + probeHttp + "' is not HOST:PORT");
    }
    try {
      return Optional.of(
          new InetSocketAddress(
              probeHttp.substring(0, colon), Integer.parseInt(probeHttp.substring(colon + 1))));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--probe-http: '" + probeHttp + "' is not HOST:PORT");
    }
  }
}
