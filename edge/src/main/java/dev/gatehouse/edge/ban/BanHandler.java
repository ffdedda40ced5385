package dev.gatehouse.edge.ban;

import dev.gatehouse.edge.request.RequestFacts;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.net.AddressSet;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Set;

/**
 * Refuses banned IPs before any other work (403 {@code banned}, connection closed), and counts this
 * request's rejection, if it ends in one, as a strike against its IP.
 */
public final class BanHandler implements SecurityPolicyHandler {

  /** Rejections that suggest abuse: guessing keys, flooding, probing paths, malformed bodies. */
  static final Set<ErrorCode> STRIKES =
      Set.of(
          ErrorCode.INVALID_API_KEY,
          ErrorCode.RATE_LIMITED,
          ErrorCode.BAD_REQUEST,
          ErrorCode.NOT_FOUND,
          ErrorCode.METHOD_NOT_ALLOWED,
          ErrorCode.PAYLOAD_TOO_LARGE,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          ErrorCode.ORIGIN_NOT_ALLOWED);

  private final BanList bans;
  private final AddressSet neverBan;

  public BanHandler(BanList bans, AddressSet neverBan) {
    this.bans = bans;
    this.neverBan = neverBan;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestFacts facts = RequestFacts.of(ctx);
    String ip = facts.clientIp();
    // First: a ban made before a reload listed the address, or by another edge through Redis,
    // must not lock it out either.
    if (neverBan.contains(ip)) {
      ctx.next();
      return;
    }
    if (bans.bannedUntil(ip).isPresent()) {
      if (ctx.request().version() != HttpVersion.HTTP_2) {
        // Connection-specific headers are illegal in HTTP/2; there the client keeps its stream.
        ctx.response().putHeader("Connection", "close");
      }
      ctx.fail(new ApiError(ErrorCode.BANNED));
      return;
    }
    ctx.addEndHandler(
        v -> {
          if (facts.error().filter(error -> STRIKES.contains(error.code())).isPresent()) {
            bans.strike(ip);
          }
        });
    ctx.next();
  }
}
