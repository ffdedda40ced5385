package dev.gatehouse.edge.kit;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TelegramLogins;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.apikey.ApiKeys;
import dev.gatehouse.edge.testing.HeadlessChromium;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The website kit as a visitor meets it: headless Chromium opens the example page from the
 * website's own origin and talks across origins to a real TLS edge, agent, PostgreSQL and mock game
 * server. The browser's CORS checks are the ones under test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebsiteKitBrowserTest {

  static final String PAGE_KEY = "page-key-0123456789abcdefghijklmnop";
  static final Duration WAIT = Duration.ofSeconds(15);
  static final String BOT_TOKEN = "424242:kit-test-bot-token";

  @TempDir static Path profile;

  private Vertx vertx;
  private String db;
  private MockGameServer game;
  private int gamePort;
  private int agentPort;
  private Agent agent;
  private Edge edge;
  private Edge strictEdge;
  private String allowedSite;
  private String otherSite;
  private String strictSite;
  private ChromeDriver browser;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    db = TestPostgres.newDatabase();
    game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    gamePort = result(game.listen("127.0.0.1", 0));
    agentPort = TestEdges.freePort();
    agent = startAgent();
    TestAgents.seedConstants(db);

    int allowedPort = TestEdges.freePort();
    int otherPort = TestEdges.freePort();
    int strictPort = TestEdges.freePort();
    allowedSite = "http://localhost:" + allowedPort + "/";
    otherSite = "http://localhost:" + otherPort + "/";
    strictSite = "http://localhost:" + strictPort + "/";
    edge = startEdge("http://localhost:" + allowedPort, "1000/1m");
    strictEdge = startEdge("http://localhost:" + strictPort, "1/1m");
    serveExamplePage(edge, allowedPort);
    serveExamplePage(edge, otherPort);
    serveExamplePage(strictEdge, strictPort);

    browser = HeadlessChromium.start(profile, TestEdges.CERTIFICATE);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    strictEdge.close();
    edge.close();
    agent.close();
    vertx.close();
  }

  @BeforeEach
  void freshPage() {
    browser.manage().deleteAllCookies();
    browser.manage().logs().get(LogType.BROWSER); // reading the console empties it
  }

  @Test
  void registrationFromTheAllowedOriginShowsSuccessAndCreatesTheAccount() throws Exception {
    open(allowedSite);
    fill("kit_player", "secret-pw", "1", "4001");
    browser.executeScript(
        """
        const button = arguments[0];
        window.buttonStates = [button.disabled];
        new MutationObserver(() => window.buttonStates.push(button.disabled))
            .observe(button, {attributes: true, attributeFilter: ['disabled']});
        """,
        button());
    submit();

    assertThat(outcome()).isEqualTo("success");
    assertThat(browser.executeScript("return window.buttonStates"))
        .isEqualTo(List.of(false, true, false));
    assertThat(message().getText()).isEqualTo("Your account is ready. See you in the game!");
    assertThat(field("password").getAttribute("value")).isEmpty();
    assertThat(Registrations.logins(db)).contains("kit_player");
    assertThat(game.logins()).contains("kit_player");

    Path screenshot = Path.of("target", "website-kit-registration.png");
    Files.createDirectories(screenshot.getParent());
    Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
    assertThat(Files.readAllBytes(screenshot)).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void aResendAfterALostAnswerKeepsItsIdempotencyKeyAndMakesOneAccount() {
    open(allowedSite);
    // The first answer is lost on its way back, as on a dropped mobile connection: the account
    // was made, the page only sees a network failure.
    browser.executeScript(
        """
        const realFetch = window.fetch;
        window.sentKeys = [];
        window.fetch = (url, init) => {
          window.sentKeys.push(init.headers['Idempotency-Key']);
          const answer = realFetch(url, init);
          return window.sentKeys.length === 1
              ? answer.then(() => { throw new TypeError('Failed to fetch'); })
              : answer;
        };
        """);
    fill("lost_answer", "secret-pw", "0", "4010");
    submit();
    assertThat(outcome()).isEqualTo("error");
    assertThat(message().getAttribute("data-error")).isEqualTo("network");

    submit();

    assertThat(outcome()).isEqualTo("success");
    List<?> keys = (List<?>) browser.executeScript("return window.sentKeys");
    assertThat(keys).hasSize(2).doesNotContainNull();
    assertThat(keys.get(1)).isEqualTo(keys.get(0));
    assertThat(Registrations.logins(db)).contains("lost_answer");
    assertThat(game.logins()).contains("lost_answer");

    fill("next_answer", "secret-pw", "0", "4011");
    submit();
    assertThat(outcome()).isEqualTo("success");
    keys = (List<?>) browser.executeScript("return window.sentKeys");
    assertThat(keys).hasSize(3);
    assertThat(keys.get(2)).isNotEqualTo(keys.get(0));
  }

  @Test
  void aResendAfterA502A504OrARequestInProgressKeepsItsIdempotencyKeyAndMakesOneAccount() {
    open(allowedSite);
    // The account is made, but the answers that come back are the edge's 502, its 504 and the
    // agent's "still running": the outcome is unknown to the page, as after a lost answer.
    browser.executeScript(
        """
        const realFetch = window.fetch;
        window.sentKeys = [];
        const edgeAnswers = [[502, 'upstream_unavailable'], [504, 'upstream_timeout'],
            [409, 'request_in_progress']];
        window.fetch = (url, init) => {
          window.sentKeys.push(init.headers['Idempotency-Key']);
          const answer = realFetch(url, init);
          const replaced = edgeAnswers[window.sentKeys.length - 1];
          return replaced
              ? answer.then(() => new Response(JSON.stringify({error: replaced[1]}),
                  {status: replaced[0], headers: {'Content-Type': 'application/json'}}))
              : answer;
        };
        """);
    fill("edge_gave_up", "secret-pw", "0", "4012");
    submit();
    assertThat(outcome()).isEqualTo("error");
    assertThat(message().getAttribute("data-error")).isEqualTo("upstream_unavailable");
    submit();
    assertThat(outcome()).isEqualTo("error");
    assertThat(message().getAttribute("data-error")).isEqualTo("upstream_timeout");
    submit();
    assertThat(outcome()).isEqualTo("error");
    assertThat(message().getAttribute("data-error")).isEqualTo("request_in_progress");

    submit();

    assertThat(outcome()).isEqualTo("success");
    List<?> keys = (List<?>) browser.executeScript("return window.sentKeys");
    assertThat(keys).hasSize(4).doesNotContainNull();
    assertThat(new java.util.HashSet<>(keys)).hasSize(1);
    assertThat(Registrations.logins(db)).containsOnlyOnce("edge_gave_up");
    assertThat(game.logins()).containsOnlyOnce("edge_gave_up");
  }

  @Test
  void whereProofIsRequiredTheFormOffersTelegramLoginAndSendsItsSignedAnswer() throws Exception {
    agent.close();
    agent = startAgent("telegram: {bot_token: \"" + BOT_TOKEN + "\", require_proof: true}\n");
    try {
      open(allowedSite);
      // The page names the bot, as a site requiring proof does; telegram.org cannot be reached
      // here, so the widget's answer is handed to the kit as the widget would hand it.
      browser.executeScript(
          """
          const form = document.querySelector('form[data-gatehouse-register]');
          form.setAttribute('data-telegram-bot', 'GatehouseTestBot');
          form._gatehouseBound = false;
          GatehouseRegister.bind(form);
          """);
      assertThat(
              form()
                  .findElement(By.cssSelector("[data-gatehouse-telegram] script"))
                  .getAttribute("data-telegram-login"))
          .isEqualTo("GatehouseTestBot");
      assertThat(field("telegram_id").getAttribute("readonly")).isNotNull();
      type("login", "proven_kit");
      type("password", "secret-pw");
      new Select(field("gender")).selectByValue("1");
      browser.executeScript(
          "GatehouseRegister.telegramLogin(JSON.parse(arguments[0]))",
          TelegramLogins.signedNow(4020, BOT_TOKEN).encode());

      submit();

      assertThat(outcome()).isEqualTo("success");
      assertThat(field("telegram_id").getAttribute("value")).isEqualTo("4020");
      assertThat(
              TestPostgres.queryLong(
                  db,
                  "SELECT t.telegram_id FROM telegram_players t JOIN players p ON p.id = t.player_id"
                      + " WHERE p.login = 'proven_kit'"))
          .isEqualTo(4020);
    } finally {
      agent.close();
      agent = startAgent();
    }
  }

  @Test
  void invalidFieldsAreMarkedAndATakenLoginGetsItsMessageInEnglishAndRussian() {
    open(allowedSite);
    fill("ab", "123", "", "-7");
    submit();

    assertThat(outcome()).isEqualTo("error");
    assertThat(message().getAttribute("data-error")).isEqualTo("validation_error");
    assertThat(message().getText()).isEqualTo("Please correct the highlighted fields.");
    assertThat(fieldError("login")).isEqualTo("3 to 16 characters: Latin letters, digits or _");
    assertThat(fieldError("password")).isEqualTo("6 to 20 characters");
    assertThat(fieldError("gender")).isEqualTo("Choose one");
    assertThat(fieldError("telegram_id")).isEqualTo("Your numeric Telegram ID, a positive number");
    assertThat(field("login").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(Registrations.logins(db)).doesNotContain("ab");

    fill("taken_one", "secret-pw", "0", "4002");
    submit();
    assertThat(outcome()).isEqualTo("success");
    assertThat(fieldError("login")).isEmpty();

    browser.executeScript("document.documentElement.lang = 'en'");
    fill("TAKEN_ONE", "secret-pw", "0", "4003");
    submit();
    assertThat(outcome()).isEqualTo("error");
    assertThat(message().getAttribute("data-error")).isEqualTo("login_taken");
    assertThat(message().getText())
        .isEqualTo("This login is already taken. Please choose another one.");

    browser.executeScript("document.documentElement.lang = 'ru'");
    submit();
    assertThat(outcome()).isEqualTo("error");
    assertThat(message().getText()).isEqualTo("Этот логин уже занят. Выберите другой.");
    assertThat(
            Registrations.logins(db).stream().filter(login -> login.equalsIgnoreCase("taken_one")))
        .containsExactly("taken_one");
  }

  @Test
  void aPageOnAnotherOriginIsBlockedByTheBrowserAndCreatesNothing() {
    open(otherSite);
    fill("wrong_origin", "secret-pw", "0", "4004");
    submit();

    assertThat(outcome()).isEqualTo("error");
    assertThat(message().getAttribute("data-error")).isEqualTo("network");
    assertThat(message().getText())
        .isEqualTo(
            "The registration server could not be reached. Check your connection and try again.");
    List<String> console =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .map(LogEntry::getMessage)
            .toList();
    assertThat(console).anyMatch(line -> line.contains("blocked by CORS policy"));
    assertThat(Registrations.logins(db)).doesNotContain("wrong_origin");
    assertThat(game.logins()).doesNotContain("wrong_origin");
  }

  @Test
  void tooManyAttemptsShowWhenToTryAgainAndHoldTheButton() {
    open(strictSite);
    fill("strict_one", "secret-pw", "0", "4005");
    submit();
    assertThat(outcome()).isEqualTo("success");

    fill("strict_two", "secret-pw", "0", "4005");
    submit();

    assertThat(outcome()).isEqualTo("error");
    assertThat(message().getAttribute("data-error")).isEqualTo("rate_limited");
    assertThat(message().getText()).matches("Too many attempts\\. Try again in [1-6]?[0-9] s\\.");
    assertThat(button().isEnabled()).isFalse();
    assertThat(Registrations.logins(db)).doesNotContain("strict_two");
  }

  @Test
  void statusWidgetShowsOnlineThenStaleWhileTheAgentIsDownThenOnlineAgain() throws Exception {
    open(allowedSite);
    WebElement widget = browser.findElement(By.cssSelector("[data-gatehouse-status]"));
    browser.executeScript(
        "arguments[0].dataset.interval = '1'; GatehouseStatus.refresh(arguments[0]);", widget);
    waitUntil(
        d ->
            "online".equals(widget.getAttribute("data-state"))
                && "false".equals(widget.getAttribute("data-stale")));
    assertThat(widget.findElement(By.className("gatehouse-status-state")).getText())
        .isEqualTo("Online");
    assertThat(
            widget.findElements(By.cssSelector(".gatehouse-status-rates li")).stream()
                .map(WebElement::getText))
        .containsExactlyInAnyOrder("EXP ×5", "Drop ×2");

    agent.close();
    waitUntil(d -> "true".equals(widget.getAttribute("data-stale")));
    assertThat(widget.getAttribute("data-state")).isEqualTo("online");
    assertThat(widget.findElement(By.className("gatehouse-status-note")).getText())
        .startsWith("Could not refresh");

    agent = startAgent();
    waitUntil(d -> "false".equals(widget.getAttribute("data-stale")));
    assertThat(widget.getAttribute("data-state")).isEqualTo("online");
    assertThat(widget.findElement(By.className("gatehouse-status-note")).getText())
        .startsWith("Updated");
  }

  @Test
  void statusWidgetBacksOffAndMarksItsDataStaleWhileTheEdgeCannotBeReached() throws Exception {
    open(allowedSite);
    WebElement widget = browser.findElement(By.cssSelector("[data-gatehouse-status]"));
    waitUntil(d -> "online".equals(widget.getAttribute("data-state")));
    browser.executeScript(
        """
        const widget = arguments[0];
        window.statusPolls = [];
        const fetch = window.fetch;
        window.fetch = (url, options) => {
          if (String(url).endsWith('/api/server/status')) window.statusPolls.push(Date.now());
          return fetch(url, options);
        };
        widget.dataset.endpoint = arguments[1];
        widget.dataset.interval = '1';
        GatehouseStatus.refresh(widget);
        """,
        widget,
        "https://localhost:" + TestEdges.freePort());
    Thread.sleep(7_000);

    @SuppressWarnings("unchecked")
    List<Long> polls = (List<Long>) browser.executeScript("return window.statusPolls");
    // Every second would be 8 polls; waits doubling from 2 s (±20%) give 3.
    assertThat(polls).hasSizeBetween(2, 4);
    assertThat(polls.get(1) - polls.get(0)).isGreaterThan(1_500);
    if (polls.size() >= 3) {
      assertThat(polls.get(2) - polls.get(1)).isGreaterThan(3_000);
    }
    assertThat(widget.getAttribute("data-stale")).isEqualTo("true");
    assertThat(widget.getAttribute("data-state")).isEqualTo("online");
  }

  @Test
  void everyErrorCodeHasAnEnglishAndARussianMessage() {
    open(allowedSite);
    List<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();
    for (String lang : List.of("en", "ru")) {
      @SuppressWarnings("unchecked")
      List<String> known =
          (List<String>)
              browser.executeScript(
                  "return Object.keys(GatehouseRegister.messages." + lang + ".errors)");
      assertThat(known).as(lang).containsAll(codes);
    }
  }

  private Agent startAgent() throws Exception {
    return startAgent("");
  }

  private Agent startAgent(String registration) throws Exception {
    return Agent.start(
        AgentConfig.from(
            TestYaml.parse(TestAgents.registeringYaml(db, agentPort, gamePort, registration))));
  }

  private Edge startEdge(String allowedOrigin, String registerLimit) throws Exception {
    String yaml =
        """
        bans: {enabled: false}
        cors: {allowed_origins: ["%s"]}
        api_keys:
          - {name: website-page, sha256: %s, public: true}
        upstreams:
          agent:
            targets: ["127.0.0.1:%d"]
            health_check: {interval: 300ms, timeout: 300ms, healthy_threshold: 1, unhealthy_threshold: 1}
        routes:
          - path: /api/register
            methods: [POST]
            upstream: agent
            api_key: required
            rate_limit: %s
            max_body: 16KiB
            content_types: [application/json]
          - path: /api/server/status
            methods: [GET, HEAD]
            upstream: agent
            cache: {ttl: 1s, stale_if_error: 10m}
        """
            .formatted(
                allowedOrigin,
                HexFormat.of().formatHex(ApiKeys.sha256(PAGE_KEY)),
                agentPort,
                registerLimit);
    return TestEdges.start(yaml);
  }

  private void serveExamplePage(Edge target, int port) {
    result(new ExampleSite(url(target), PAGE_KEY).listen(vertx, "127.0.0.1", port));
  }

  private void open(String url) {
    browser.get(url);
    waitUntil(
        d ->
            d.findElement(By.cssSelector("form[data-gatehouse-register]")) != null
                && Boolean.TRUE.equals(
                    browser.executeScript(
                        "return !!window.GatehouseRegister && !!window.GatehouseStatus")));
  }

  private void fill(String login, String password, String gender, String telegramId) {
    type("login", login);
    type("password", password);
    new Select(field("gender")).selectByValue(gender);
    type("telegram_id", telegramId);
  }

  private void type(String name, String value) {
    WebElement input = field(name);
    input.clear();
    input.sendKeys(value);
  }

  private void submit() {
    browser.executeScript("arguments[0].removeAttribute('data-gatehouse-state')", form());
    button().click();
  }

  /** Waits for the form to settle and returns its state: success or error. */
  private String outcome() {
    waitUntil(
        d -> {
          String state = form().getAttribute("data-gatehouse-state");
          return "success".equals(state) || "error".equals(state);
        });
    return form().getAttribute("data-gatehouse-state");
  }

  private WebElement form() {
    return browser.findElement(By.cssSelector("form[data-gatehouse-register]"));
  }

  private WebElement field(String name) {
    return form().findElement(By.name(name));
  }

  private WebElement button() {
    return form().findElement(By.cssSelector("button[type=submit]"));
  }

  private WebElement message() {
    return form().findElement(By.cssSelector("[data-gatehouse-message]"));
  }

  private String fieldError(String name) {
    return form().findElement(By.cssSelector("[data-error-for='" + name + "']")).getText();
  }

  private void waitUntil(ExpectedCondition<Boolean> condition) {
    new WebDriverWait(browser, WAIT).until(condition);
  }

  /** The address the example page is given for an edge: the name its certificate carries. */
  private static String url(Edge edge) {
    return "https://localhost:" + edge.httpsPort();
  }
}
