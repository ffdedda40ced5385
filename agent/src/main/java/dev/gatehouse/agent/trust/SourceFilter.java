package dev.gatehouse.agent.trust;

import dev.gatehouse.shared.net.AddressSet;
import io.vertx.core.http.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes every connection whose source is not in {@code trust.allowed_sources}, before a byte is
 * read.
 */
public final class SourceFilter {

  private static final Logger log = LoggerFactory.getLogger(SourceFilter.class);

  private final AddressSet allowed;

  public SourceFilter(AddressSet allowed) {
    this.allowed = allowed;
  }

  public void onConnection(HttpConnection connection) {
    String source = connection.remoteAddress().hostAddress();
    if (!allowed.contains(source)) {
      log.warn("refused a connection from {}: not in trust.allowed_sources", source);
      connection.close();
    }
  }
}
