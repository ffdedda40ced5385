package dev.gatehouse.shared.log;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * The request id of the request being served, kept on the Vert.x context that serves it, so that
 * every line logged for it carries the id ({@link RequestIdFilter}).
 *
 * <p>Why a context local and not SLF4J's MDC: the MDC belongs to a thread, and one event loop
 * thread runs the callbacks of many requests interleaved. Vert.x runs each HTTP request and each
 * event-bus message on a duplicated context of its own; futures made there call back on it, and
 * {@code executeBlocking} runs its task with it as the current context, so a value put there
 * follows exactly that request's steps and no other's.
 *
 * <p>Context locals must exist before the first {@code Vertx} is built; Vert.x loads its service
 * providers before that, which is why this class is one (declared in {@code META-INF/services}).
 */
public final class RequestContext implements VertxServiceProvider {

  private static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);

  @Override
  public void init(VertxBootstrap builder) {
    // Loading this class is all that is needed: it registers the local above.
  }

  /**
   * Marks the current context as serving request {@code id}. Only a duplicated context is marked: a
   * verticle's own context outlives the request and would lend its id to unrelated lines.
   */
  public static void enter(String id) {
    ContextInternal context = ContextInternal.current();
    if (context != null && context.isDuplicate()) {
      context.putLocal(REQUEST_ID, id);
    }
  }

  /** The id of the request the current context serves, or {@code null}. */
  public static String id() {
    ContextInternal context = ContextInternal.current();
    return context == null ? null : context.getLocal(REQUEST_ID);
  }

  /**
   * {@code shared}'s outcome, delivered on the caller's context. A future shared between requests
   * (a pooled connection, one read in flight) calls back on the context of whoever made it; without
   * this the next steps of one request would run, and log, as another's.
   */
  public static <T> Future<T> resumeHere(Future<T> shared) {
    ContextInternal context = ContextInternal.current();
    if (context == null) {
      return shared;
    }
    Promise<T> here = context.promise();
    shared.onComplete(here);
    return here.future();
  }
}
