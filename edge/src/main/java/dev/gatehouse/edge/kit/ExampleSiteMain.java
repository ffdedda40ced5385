package dev.gatehouse.edge.kit;

import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.Runtimes;
import dev.gatehouse.shared.cli.ServiceRunner;
import dev.gatehouse.shared.log.Logging;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse example-site}: the kit's example page on a local origin of its own, until
 * Ctrl-C.
 */
@Command(
    name = "gatehouse example-site",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Serves the website kit's example page, pointed at an edge, from its own origin.")
public final class ExampleSiteMain implements Callable<Integer> {

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8081",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--edge",
      required = true,
      description = "The edge's base URL, e.g. https://localhost:8443.")
  String edge;

  @Option(
      names = "--api-key-file",
      required = true,
      description = "File holding the page's public API key.")
  Path keyFile;

  public static void main(String[] args) {
    Logging.routeFrameworkLogs();
    System.exit(new CommandLine(new ExampleSiteMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ExampleSite site = new ExampleSite(edge, Files.readString(keyFile).strip());
    Vertx vertx = Runtimes.vertx();
    try {
      Runtimes.await(site.listen(vertx, host, port), Duration.ofSeconds(10));
    } catch (Exception e) {
      System.err.println(
          "gatehouse example-site: cannot listen on " + host + ":" + port + ": " + e.getMessage());
      vertx.close();
      return 1;
    }
    System.err.println("gatehouse example-site: http://" + host + ":" + port + "/ calls " + edge);
    ServiceRunner.awaitShutdown("example-site", () -> Runtimes.close(vertx, "example site"));
    return 0;
  }
}
