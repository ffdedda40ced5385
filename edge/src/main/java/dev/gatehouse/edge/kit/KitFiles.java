package dev.gatehouse.edge.kit;

import io.vertx.ext.web.handler.StaticHandler;

/**
 * The website kit (the scripts and example page of {@code kit/} in the repository), served from the
 * edge's jar so a site can load the version that matches its edge with one script tag.
 */
public final class KitFiles {

  /** Where the build puts {@code kit/} on the class path. */
  public static final String RESOURCE_ROOT = "gatehouse-kit";

  public static final String PATH = "/kit/*";

  private KitFiles() {}

  public static StaticHandler handler(KitConfig config) {
    return StaticHandler.create(RESOURCE_ROOT)
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        // File look-ups go to the worker pool, never a blocking call on the edge's event loops.
        .setAlwaysAsyncFS(true)
        .setCachingEnabled(true)
        .setMaxAgeSeconds(config.maxAge().toSeconds());
  }
}
