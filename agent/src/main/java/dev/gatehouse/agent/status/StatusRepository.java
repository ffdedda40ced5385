package dev.gatehouse.agent.status;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/**
 * Reads the {@code server_constants} table into the public status document: {@code server_status}
 * and {@code client_status} at the top, every {@code rates.NAME} row into {@code "rates"}.
 */
public final class StatusRepository {

  static final String QUERY = "SELECT name, value FROM server_constants";
  static final String RATE_PREFIX = "rates.";

  private final Pool pool;

  public StatusRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> read() {
    return pool.query(QUERY)
        .execute()
        .recover(
            failure ->
                Future.failedFuture(
                    new ApiError(
                        ErrorCode.UPSTREAM_UNAVAILABLE,
                        503,
                        "The server status database is unavailable.")))
        .compose(StatusRepository::toDocument);
  }

  private static Future<JsonObject> toDocument(RowSet<Row> rows) {
    JsonObject rates = new JsonObject();
    Double serverStatus = null;
    Double clientStatus = null;
    for (Row row : rows) {
      String name = row.getString("name");
      double value = row.getDouble("value");
      if (name.equals("server_status")) {
        serverStatus = value;
      } else if (name.equals("client_status")) {
        clientStatus = value;
      } else if (name.startsWith(RATE_PREFIX)) {
        rates.put(name.substring(RATE_PREFIX.length()), value);
      }
    }
    if (serverStatus == null || clientStatus == null) {
      return Future.failedFuture(
          new ApiError(
              ErrorCode.UPSTREAM_UNAVAILABLE,
              503,
              "server_constants has no server_status or client_status row yet."));
    }
    return Future.succeededFuture(
        new JsonObject()
            .put("server_status", serverStatus)
            .put("rates", rates)
            .put("client_status", clientStatus));
  }
}
