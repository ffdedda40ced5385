package dev.gatehouse.edge.admin.cli;

import dev.gatehouse.edge.admin.client.AdminClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;

/** {@code gatehouse admin logs [-f]}: prints lines as {@code time LEVEL logger - message}. */
final class LogFollower {

  static final long POLL_MILLIS = 2000;

  private LogFollower() {}

  static AdminClient.Answer run(AdminMain.Logs logs, AdminClient client, PrintWriter out)
      throws Exception {
    Long after = null;
    while (true) {
      AdminClient.Answer answer = client.call("GET", logs.path(after));
      if (!answer.ok()) {
        return answer;
      }
      JsonArray lines = answer.body().getJsonArray("lines", new JsonArray());
      for (Object item : lines) {
        JsonObject line = (JsonObject) item;
        out.println(
            line.getString("time")
                + " "
                + line.getString("level")
                + " "
                + line.getString("logger")
                + " - "
                + line.getString("message"));
        after = line.getLong("seq");
      }
      out.flush();
      if (!logs.follow) {
        return new AdminClient.Answer(204, new JsonObject());
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
