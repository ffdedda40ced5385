package dev.gatehouse.agent.db.cli;

import dev.gatehouse.agent.db.Database;
import dev.gatehouse.agent.db.backup.BackupWriter;
import dev.gatehouse.agent.db.backup.Summary;
import dev.gatehouse.shared.cli.BuildVersion;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gatehouse db backup --config agent.yaml FILE}. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = {
      "Writes gatehouse's tables (accounts, status constants, journals) to FILE, as one consistent"
          + " snapshot taken while the agent keeps running. FILE holds password hashes: it is made"
          + " readable by its owner only. Restore it with 'gatehouse db restore'."
    })
final class BackupCommand extends DatabaseCommand {

  @Parameters(paramLabel = "FILE", description = "The backup to write; must not exist yet.")
  Path file;

  @Override
  void check() throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file + " exists; choose a new name");
    }
  }

  @Override
  int run(Database database) throws Exception {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (Connection connection = database.connect()) {
      Summary summary = write(connection, partial);
      // Only a complete, flushed file gets the name: a failed backup leaves nothing that looks
      // like one.
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      out().println(name() + ": " + file + ": " + summary);
      return OK;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static Summary write(Connection connection, Path partial) throws Exception {
    try (FileChannel channel =
            FileChannel.open(
                partial,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel))) {
      Summary summary = BackupWriter.write(connection, out);
      out.flush();
      channel.force(true);
      return summary;
    } catch (IOException e) {
      throw new IOException("cannot write " + partial + ": " + e.getMessage(), e);
    }
  }
}
