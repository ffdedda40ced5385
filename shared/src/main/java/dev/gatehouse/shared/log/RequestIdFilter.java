package dev.gatehouse.shared.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Copies the current request's id ({@link RequestContext}) into the MDC as {@value
 * JsonLineEncoder#REQUEST_ID} at every logging call, where the encoders (and an asynchronous
 * appender's snapshot of the event) find it. Set or cleared at each call, never carried over: the
 * previous callback on the same thread may have served another request.
 */
public final class RequestIdFilter extends TurboFilter {

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      // An isDebugEnabled()-style question or a line below the level, both frequent on hot paths:
      // nothing is written, so there is no id to set.
      return FilterReply.NEUTRAL;
    }
    String id = RequestContext.id();
    if (id != null) {
      MDC.put(JsonLineEncoder.REQUEST_ID, id);
    } else {
      MDC.remove(JsonLineEncoder.REQUEST_ID);
    }
    return FilterReply.NEUTRAL;
  }
}
