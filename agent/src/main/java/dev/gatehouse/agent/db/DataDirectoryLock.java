package dev.gatehouse.agent.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The lock the embedded PostgreSQL library holds in a data directory while its server runs. */
final class DataDirectoryLock {

  private static final String LIBRARY_LOCK = "epg-lock";

  private DataDirectoryLock() {}

  /** Whether a live process holds the library's lock on {@code dir}: its server is not stale. */
  static boolean inUse(Path dir) throws IOException {
    Path lockFile = dir.resolve(LIBRARY_LOCK);
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      return lock == null;
    } catch (OverlappingFileLockException e) {
      return true; // held by this very process
    }
  }
}
