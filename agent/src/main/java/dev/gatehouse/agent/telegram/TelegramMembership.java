package dev.gatehouse.agent.telegram;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.log.RequestContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the Telegram Bot API ({@code getChatMember}) whether a user belongs to the configured group.
 * Members, administrators and the creator pass; anyone else is refused with {@code
 * not_in_telegram_group}. When Telegram cannot answer, registration is refused with {@code
 * telegram_unavailable}: the check never passes by default. Answers are reused for {@code
 * cache_ttl}, and concurrent checks of one user share one call.
 */
public final class TelegramMembership {

  private static final Logger log = LoggerFactory.getLogger(TelegramMembership.class);
  private static final Set<String> MEMBER_STATUSES = Set.of("creator", "administrator", "member");

  private final TelegramConfig config;
  private final Context context;
  private final WebClient client;
  private final AsyncCache<Long, Boolean> answers;

  public TelegramMembership(Vertx vertx, TelegramConfig config) {
    this.config = config;
    this.context = vertx.getOrCreateContext();
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setUserAgent("gatehouse"));
    this.answers =
        Caffeine.newBuilder()
            .expireAfterWrite(config.cacheTtl())
            .maximumSize(config.cacheMaxEntries())
            .executor(Runnable::run)
            .buildAsync();
  }

  /** Forgets every remembered answer: the next registrations ask Telegram again. */
  public long forget() {
    long size = answers.synchronous().estimatedSize();
    answers.synchronous().invalidateAll();
    return size;
  }

  /** Succeeds when {@code telegramId} may register; fails with the error to answer otherwise. */
  public Future<Void> check(long telegramId) {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    // A failed answer leaves the cache by itself, so the next check asks again.
    // Checks of one id share the answer in flight; each goes on under its own request.
    Future<Boolean> answer =
        RequestContext.resumeHere(
            Future.fromCompletionStage(
                answers.get(
                    telegramId,
                    (id, executor) -> ask(id).toCompletionStage().toCompletableFuture()),
                context));
    return answer.compose(
        member ->
            member
                ? Future.succeededFuture()
                : Future.failedFuture(new ApiError(ErrorCode.NOT_IN_TELEGRAM_GROUP)));
  }

  private Future<Boolean> ask(long telegramId) {
    return client
        .getAbs(config.apiUrl() + "/bot" + config.botToken() + "/getChatMember")
        .addQueryParam("chat_id", config.chatId())
        .addQueryParam("user_id", Long.toString(telegramId))
        .timeout(config.timeout().toMillis())
        .send()
        .recover(
            failure -> {
              // Not the failure's message: it names the request's URL, the bot token in it.
              log.warn("Telegram Bot API unreachable: {}", failure.getClass().getSimpleName());
              return Future.failedFuture(unavailable());
            })
        .compose(TelegramMembership::isMember);
  }

  private static Future<Boolean> isMember(HttpResponse<Buffer> response) {
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      log.warn("Telegram Bot API answered {} without a JSON body", response.statusCode());
      return Future.failedFuture(unavailable());
    }
    if (response.statusCode() == 200 && Boolean.TRUE.equals(body.getValue("ok"))) {
      JsonObject member = body.getJsonObject("result", new JsonObject());
      return Future.succeededFuture(MEMBER_STATUSES.contains(member.getString("status", "")));
    }
    String description = body.getString("description", "");
    // 400 "user not found" means the user never joined; the bot's own problems (bad token, chat
    // not found, bot removed from the group) must reach the operator, not refuse the user.
    if (response.statusCode() == 400 && !description.toLowerCase().contains("chat not found")) {
      return Future.succeededFuture(false);
    }
    log.error(
        "Telegram Bot API refused the membership check: {} {}", response.statusCode(), description);
    return Future.failedFuture(unavailable());
  }

  private static ApiError unavailable() {
    return new ApiError(ErrorCode.TELEGRAM_UNAVAILABLE);
  }
}
