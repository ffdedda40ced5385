package dev.gatehouse.edge;

import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.CertificateKeyPair;
import dev.gatehouse.shared.cli.ConfigCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse check --config edge.yaml}: the edge's config, certificate and key, without
 * starting the edge.
 */
@Command(
    name = "gatehouse check",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Checks an edge config, its certificate and key; starts nothing. Exit 0 or 2.")
public final class EdgeCheckMain implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "Path of edge.yaml.")
  Path config;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EdgeCheckMain()).execute(args));
  }

  @Override
  public Integer call() {
    String file = config.toString();
    return ConfigCheck.run(
        "edge",
        config,
        EdgeConfig::load,
        edge ->
            " (certificate "
                + CertificateKeyPair.check(
                    file, "tls.cert", edge.tls().cert(), "tls.key", edge.tls().key())
                + ")",
        System.out);
  }
}
