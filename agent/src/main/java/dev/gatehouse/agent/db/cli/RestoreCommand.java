package dev.gatehouse.agent.db.cli;

import dev.gatehouse.agent.db.Database;
import dev.gatehouse.agent.db.backup.BackupReader;
import dev.gatehouse.agent.db.backup.Summary;
import dev.gatehouse.shared.cli.BuildVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gatehouse db restore --config agent.yaml FILE}. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = {
      "Replaces the content of gatehouse's tables with a backup made by 'gatehouse db backup', in"
          + " one transaction: a file that is damaged or from a newer gatehouse changes nothing."
          + " On a fresh install the schema is made first."
    })
final class RestoreCommand extends DatabaseCommand {

  @Parameters(paramLabel = "FILE", description = "The backup to restore.")
  Path file;

  @Override
  void check() throws IOException {
    if (!Files.isReadable(file)) {
      throw new NoSuchFileException(file.toString());
    }
  }

  @Override
  int run(Database database) throws Exception {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()));
        Connection connection = database.connect()) {
      Summary summary = BackupReader.restore(connection, in);
      out().println(name() + ": " + file + ": restored " + summary);
      return OK;
    }
  }
}
