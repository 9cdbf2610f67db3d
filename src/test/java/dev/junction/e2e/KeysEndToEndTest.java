package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.junction.config.ConfigLoader;
import dev.junction.config.GatewayConfig;
import dev.junction.gateway.Gateway;
import dev.junction.json.Json;
import dev.junction.keys.KeysCommand;
import dev.junction.ledger.LedgerEntry;
import dev.junction.ledger.LedgerStore;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual keys through the real gateway: keys created with the admin API, used with the
 * openai-java and Anthropic SDKs, refused in each dialect (revoked, model not allowed, over
 * budget, over RPM), and a budget held under 200 concurrent streams with the ledger agreeing.
 */
class KeysEndToEndTest {

  private static final String MASTER = "mk-e2e-0123456789";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(15)).build();

  @TempDir
  Path dir;

  private Gateway gw;
  private String base;

  private void start(boolean master, String extraModels) throws Exception {
    String yaml = """
        server: {port: 0, event-loops: 1}
        providers-from-env: false
        %s
        auth: {store: %s}
        ledger: {store: sqlite, path: %s, flush-interval: 50ms, queue-capacity: 100000}
        pricing:
          overrides:
            - provider: simulator
              model: priced
              per-million: {input: "3", output: "15"}
            - provider: simulator
              model: long
              per-million: {input: "3", output: "15"}
        models:
          - name: priced
            deployments:
              - provider: simulator
                simulator: {output-tokens: 10, first-token: 20ms, tokens-per-second: 500}
          - name: other
            deployments: [{provider: simulator, simulator: {output-tokens: 5}}]
        %s
        """.formatted(master ? "admin: {master-key: \"${MASTER}\"}" : "",
        dir.resolve("keys.db"), dir.resolve("ledger.db"), extraModels);
    GatewayConfig config = ConfigLoader.withEnv(Map.of("MASTER", MASTER)).parse(yaml);
    gw = Gateway.builder(config).start().toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + gw.port();
  }

  @AfterEach
  void stop() throws Exception {
    if (gw != null) {
      gw.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  // ---- helpers

  private HttpResponse<String> call(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("content-type", "application/json");
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode admin(String method, String path, String body, int expectedStatus)
      throws Exception {
    HttpResponse<String> r = call(method, path, body, "authorization", "Bearer " + MASTER);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
    return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
  }

  private OpenAIClient openAi(String key) {
    return OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey(key).maxRetries(0)
        .timeout(Duration.ofSeconds(30)).build();
  }

  private AnthropicClient anthropic(String key) {
    return AnthropicOkHttpClient.builder().baseUrl(base).apiKey(key).maxRetries(0)
        .timeout(Duration.ofSeconds(30)).build();
  }

  private static ChatCompletionCreateParams chat(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("hello")
        .maxCompletionTokens(10).build();
  }

  private static MessageCreateParams messages(String model) {
    return MessageCreateParams.builder().model(model).maxTokens(10).addUserMessage("hello")
        .build();
  }

  private static String chatBody(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":10,\"stream\":" + stream
        + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
  }

  private List<LedgerEntry> ledger() throws Exception {
    stop();
    gw = null;
    try (LedgerStore store = LedgerStore.sqlite(dir.resolve("ledger.db"))) {
      return store.entries(Instant.EPOCH, Instant.now().plusSeconds(3600));
    }
  }

  // ---- tests

  @Test
  void aKeyWorksInBothDialectsAndARevokedKeyIsRefusedInEach() throws Exception {
    start(true, "");
    JsonNode created = admin("POST", "/admin/keys", "{\"name\":\"app\"}", 201);
    String secret = created.get("secret").asText();
    String id = created.get("id").asText();
    assertThat(secret).startsWith("jk-");
    assertThat(admin("GET", "/admin/keys/" + id, null, 200).has("secret")).isFalse();
    assertThat(admin("GET", "/admin/keys", null, 200).toString()).doesNotContain(secret);

    assertThat(openAi(secret).chat().completions().create(chat("priced")).choices()).hasSize(1);
    assertThat(anthropic(secret).messages().create(messages("priced")).content()).isNotEmpty();
    // the master key is admitted on /v1 too
    assertThat(openAi(MASTER).chat().completions().create(chat("priced")).choices()).hasSize(1);

    admin("DELETE", "/admin/keys/" + id, null, 200);
    assertThatThrownBy(() -> openAi(secret).chat().completions().create(chat("priced")))
        .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(401);
          assertThat(e.code()).contains("invalid_api_key");
        });
    assertThatThrownBy(() -> anthropic(secret).messages().create(messages("priced")))
        .isInstanceOfSatisfying(AnthropicServiceException.class,
            e -> assertThat(e.statusCode()).isEqualTo(401));
    HttpResponse<String> raw = call("POST", "/v1/messages",
        "{\"model\":\"priced\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}", "x-api-key", secret, "anthropic-version", "2023-06-01");
    assertThat(raw.statusCode()).isEqualTo(401);
    assertThat(Json.parse(raw.body().getBytes(StandardCharsets.UTF_8)).path("error")
        .path("type").asText()).isEqualTo("authentication_error");
    // no key at all is refused too once a master key is set
    assertThat(call("POST", "/v1/chat/completions", chatBody("priced", false)).statusCode())
        .isEqualTo(401);

    List<LedgerEntry> rows = ledger();
    assertThat(rows.stream().filter(e -> id.equals(e.keyId())).count()).isEqualTo(2);
    assertThat(rows.stream().filter(e -> e.status() == 401).count()).isEqualTo(4);
  }

  @Test
  void aRotatedKeysOldSecretStopsWorkingAtOnce() throws Exception {
    start(true, "");
    JsonNode created = admin("POST", "/admin/keys", "{\"name\":\"rot\"}", 201);
    String old = created.get("secret").asText();
    JsonNode rotated = admin("POST", "/admin/keys/" + created.get("id").asText() + "/rotate",
        null, 200);
    String fresh = rotated.get("secret").asText();
    assertThat(fresh).isNotEqualTo(old);
    assertThat(call("POST", "/v1/chat/completions", chatBody("priced", false),
        "authorization", "Bearer " + old).statusCode()).isEqualTo(401);
    assertThat(call("POST", "/v1/chat/completions", chatBody("priced", false),
        "authorization", "Bearer " + fresh).statusCode()).isEqualTo(200);
  }

  @Test
  void listingModelsNeedsAKeyAndShowsAVirtualKeyOnlyItsModels() throws Exception {
    start(true, "");
    String secret = admin("POST", "/admin/keys",
        "{\"name\":\"narrow\",\"allowed_models\":[\"pri*\"]}", 201).get("secret").asText();
    // no key: 401 in the caller's dialect
    HttpResponse<String> anonymous = call("GET", "/v1/models", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(Json.parse(anonymous.body().getBytes(StandardCharsets.UTF_8))
        .at("/error/code").asText()).isEqualTo("missing_api_key");
    HttpResponse<String> anthropicAnonymous = call("GET", "/v1/models", null,
        "anthropic-version", "2023-06-01", "x-api-key", "jk-not-a-key");
    assertThat(anthropicAnonymous.statusCode()).isEqualTo(401);
    assertThat(Json.parse(anthropicAnonymous.body().getBytes(StandardCharsets.UTF_8))
        .at("/error/type").asText()).isEqualTo("authentication_error");
    // the master key sees every model, the virtual key only those it may use
    assertThat(openAi(MASTER).models().list().data()).extracting(m -> m.id())
        .contains("priced", "other");
    assertThat(openAi(secret).models().list().data()).extracting(m -> m.id())
        .containsExactly("priced");
    assertThat(anthropic(secret).models().list().data()).extracting(m -> m.id())
        .containsExactly("priced");
  }

  @Test
  void aModelOutsideTheKeysListIsForbiddenInBothDialects() throws Exception {
    start(true, "");
    String secret = admin("POST", "/admin/keys",
        "{\"name\":\"narrow\",\"allowed_models\":[\"pri*\"]}", 201).get("secret").asText();
    assertThat(openAi(secret).chat().completions().create(chat("priced")).choices()).hasSize(1);
    assertThatThrownBy(() -> openAi(secret).chat().completions().create(chat("other")))
        .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.code()).contains("model_not_allowed");
        });
    assertThatThrownBy(() -> anthropic(secret).messages().create(messages("other")))
        .isInstanceOfSatisfying(AnthropicServiceException.class,
            e -> assertThat(e.statusCode()).isEqualTo(403));
    // count_tokens costs nothing but still checks the model
    assertThat(call("POST", "/v1/messages/count_tokens", "{\"model\":\"other\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", secret)
        .statusCode()).isEqualTo(403);
    assertThat(call("POST", "/v1/messages/count_tokens", "{\"model\":\"priced\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", secret)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void overTheBudgetIs429BudgetExceededAndTheBudgetEndpointShowsTheSpend() throws Exception {
    start(true, "");
    // one call's worst case is about 0.0002 USD: a budget of 0.0003 takes one call at a time
    JsonNode key = admin("POST", "/admin/keys", "{\"name\":\"small\",\"budget\":{\"amount\":"
        + "\"0.0003\",\"currency\":\"USD\",\"period\":\"total\"}}", 201);
    String secret = key.get("secret").asText();
    String id = key.get("id").asText();
    int ok = 0;
    OpenAIServiceException refused = null;
    for (int i = 0; i < 20 && refused == null; i++) {
      try {
        openAi(secret).chat().completions().create(chat("priced"));
        ok++;
      } catch (OpenAIServiceException e) {
        refused = e;
      }
    }
    assertThat(ok).isPositive();
    assertThat(refused).isNotNull();
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.code()).contains("budget_exceeded");
    assertThat(refused.headers().values("x-should-retry")).containsExactly("false");
    assertThatThrownBy(() -> anthropic(secret).messages().create(messages("priced")))
        .isInstanceOfSatisfying(AnthropicServiceException.class,
            e -> assertThat(e.statusCode()).isEqualTo(429));

    JsonNode status = admin("GET", "/admin/keys/" + id + "/budget", null, 200);
    assertThat(new BigDecimal(status.get("spent").asText())).isPositive()
        .isLessThanOrEqualTo(new BigDecimal("0.0003"));
    assertThat(new BigDecimal(status.get("reserved").asText())).isZero();
    BigDecimal spent = new BigDecimal(status.get("spent").asText());

    List<LedgerEntry> rows = ledger().stream().filter(e -> id.equals(e.keyId())).toList();
    assertThat(rows.size()).isEqualTo(ok + 2);
    BigDecimal settled = rows.stream().map(e -> e.settled() == null ? BigDecimal.ZERO
        : e.settled()).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(settled).isEqualByComparingTo(spent);
    assertThat(rows.stream().map(e -> e.cost().total()).reduce(BigDecimal.ZERO,
        BigDecimal::add)).isEqualByComparingTo(spent);
  }

  @Test
  void overTheRpmIs429WithRetryAfterAndRateLimitHeadersOnSuccess() throws Exception {
    start(true, "");
    String secret = admin("POST", "/admin/keys",
        "{\"name\":\"slow\",\"limits\":{\"rpm\":2}}", 201).get("secret").asText();
    HttpResponse<String> first = call("POST", "/v1/chat/completions",
        chatBody("priced", false), "authorization", "Bearer " + secret);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
    assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).contains("1");
    openAi(secret).chat().completions().create(chat("priced"));
    assertThatThrownBy(() -> openAi(secret).chat().completions().create(chat("priced")))
        .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(429);
          assertThat(e.code()).contains("rate_limit_exceeded");
          assertThat(Long.parseLong(e.headers().values("retry-after").getFirst()))
              .isPositive();
          assertThat(e.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
        });
    HttpResponse<String> anthropicStyle = call("POST", "/v1/messages",
        "{\"model\":\"priced\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}", "x-api-key", secret, "anthropic-version", "2023-06-01");
    assertThat(anthropicStyle.statusCode()).isEqualTo(429);
    assertThat(anthropicStyle.headers().firstValue("retry-after")).isPresent();
    assertThat(Json.parse(anthropicStyle.body().getBytes(StandardCharsets.UTF_8)).path("error")
        .path("type").asText()).isEqualTo("rate_limit_error");
  }

  @Test
  void developmentModeLetsKeylessRequestsThroughButStillEnforcesAValidKey() throws Exception {
    start(false, "");
    assertThat(call("POST", "/v1/chat/completions", chatBody("priced", false)).statusCode())
        .isEqualTo(200);
    assertThat(call("POST", "/v1/chat/completions", chatBody("priced", false),
        "authorization", "Bearer unknown").statusCode()).isEqualTo(200);
    String secret = admin("POST", "/admin/keys",
        "{\"name\":\"dev\",\"allowed_models\":[\"other\"]}", 201).get("secret").asText();
    assertThat(call("POST", "/v1/chat/completions", chatBody("priced", false),
        "authorization", "Bearer " + secret).statusCode()).isEqualTo(403);
  }

  @Test
  void twoHundredConcurrentStreamsNeverOverspendAndAreCountedOnce() throws Exception {
    start(true, "");
    // a worst case is ~0.00023 USD (bytes of the prompt at 3/M, 10 output at 15/M): ~50 fit
    BigDecimal amount = new BigDecimal("0.0115");
    JsonNode key = admin("POST", "/admin/keys", "{\"name\":\"crowd\",\"budget\":{\"amount\":\""
        + amount.toPlainString() + "\",\"period\":\"daily\"}}", 201);
    String secret = key.get("secret").asText();
    String id = key.get("id").asText();
    int n = 200;
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
          .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
          .header("authorization", "Bearer " + secret)
          .POST(HttpRequest.BodyPublishers.ofString(chatBody("priced", true))).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    int ok = 0;
    int budget = 0;
    for (var f : all) {
      HttpResponse<String> r = f.get(90, TimeUnit.SECONDS);
      if (r.statusCode() == 200) {
        assertThat(r.body()).contains("[DONE]");
        ok++;
      } else {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("budget_exceeded");
        budget++;
      }
    }
    assertThat(ok + budget).isEqualTo(n);
    assertThat(ok).isGreaterThanOrEqualTo(40);
    assertThat(budget).isPositive();
    JsonNode status = admin("GET", "/admin/keys/" + id + "/budget", null, 200);
    BigDecimal spent = new BigDecimal(status.get("spent").asText());
    // the worst case bounds every call here (max_tokens set, text prompt): no overshoot at all
    assertThat(spent).isPositive().isLessThanOrEqualTo(amount);
    assertThat(new BigDecimal(status.get("reserved").asText())).isZero();

    List<LedgerEntry> rows = ledger().stream().filter(e -> id.equals(e.keyId())).toList();
    assertThat(rows.size()).isEqualTo(n);
    assertThat(rows.stream().filter(e -> e.status() == 200).count()).isEqualTo(ok);
    assertThat(rows.stream().map(LedgerEntry::requestId).distinct().count()).isEqualTo(n);
    BigDecimal settled = rows.stream().map(LedgerEntry::settled).filter(Objects::nonNull)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal cost = rows.stream().map(e -> e.cost().total())
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(settled).isEqualByComparingTo(spent);
    assertThat(cost).isEqualByComparingTo(spent);
    assertThat(rows.stream().filter(e -> e.status() == 200)
        .allMatch(e -> e.reserved() != null && e.settled().compareTo(e.reserved()) <= 0))
        .isTrue();
  }

  @Test
  void theCliCreatesListsAndRevokesKeysThroughTheRunningGateway() throws Exception {
    start(true, "");
    Map<String, String> env = Map.of("JUNCTION_MASTER_KEY", MASTER, "JUNCTION_URL", base);
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    int code = KeysCommand.run("keys", new String[] {"create", "--name", "cli",
        "--models", "priced", "--budget", "1USD/monthly", "--rpm", "60", "--meta", "owner=ops"},
        new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8), env);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode created = Json.parse(out.toByteArray());
    String secret = created.get("secret").asText();
    String id = created.get("id").asText();
    assertThat(created.path("budget").path("period").asText()).isEqualTo("monthly");
    assertThat(created.path("limits").path("rpm").asLong()).isEqualTo(60);
    assertThat(call("POST", "/v1/chat/completions", chatBody("priced", false),
        "authorization", "Bearer " + secret).statusCode()).isEqualTo(200);

    out.reset();
    assertThat(KeysCommand.run("keys", new String[] {"list"},
        new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8), env)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(id).doesNotContain(secret);

    assertThat(KeysCommand.run("keys", new String[] {"revoke", id},
        new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8), env)).isZero();
    assertThat(call("POST", "/v1/chat/completions", chatBody("priced", false),
        "authorization", "Bearer " + secret).statusCode()).isEqualTo(401);
    // a wrong master key is refused by the gateway: exit code 1
    assertThat(KeysCommand.run("keys", new String[] {"list"},
        new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of("JUNCTION_MASTER_KEY", "wrong", "JUNCTION_URL", base))).isEqualTo(1);
  }

  @Test
  void teamsShareABudgetAndReportsGroupByKeyAndTeam() throws Exception {
    start(true, "");
    String team = admin("POST", "/admin/teams", "{\"name\":\"search\",\"budget\":"
        + "{\"amount\":\"0.0003\",\"period\":\"total\"}}", 201).get("id").asText();
    String a = admin("POST", "/admin/keys", "{\"name\":\"a\",\"team_id\":\"" + team + "\"}",
        201).get("secret").asText();
    String b = admin("POST", "/admin/keys", "{\"name\":\"b\",\"team_id\":\"" + team + "\"}",
        201).get("secret").asText();
    assertThat(call("POST", "/v1/chat/completions", chatBody("priced", false),
        "authorization", "Bearer " + a).statusCode()).isEqualTo(200);
    // the team's budget is shared: b is refused once a has used most of it
    HttpResponse<String> refused = call("POST", "/v1/chat/completions",
        chatBody("priced", false), "authorization", "Bearer " + b);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("budget_exceeded");
    JsonNode status = admin("GET", "/admin/teams/" + team, null, 200).get("budget_status");
    assertThat(new BigDecimal(status.get("spent").asText())).isPositive();
    admin("PATCH", "/admin/teams/" + team, "{\"budget\":null}", 200);
    assertThat(call("POST", "/v1/chat/completions", chatBody("priced", false),
        "authorization", "Bearer " + b).statusCode()).isEqualTo(200);
    // spend reports group by key and team (the ledger writer flushes every 50 ms)
    String report = "";
    for (int i = 0; i < 200 && !report.contains(team); i++) {
      Thread.sleep(25);
      report = call("GET", "/admin/spend?by=team&period=total&format=csv", null,
          "authorization", "Bearer " + MASTER).body();
    }
    assertThat(report).contains(team);
    List<LedgerEntry> rows = ledger();
    assertThat(rows.stream().filter(e -> team.equals(e.team())).count()).isEqualTo(3);
  }

  @Test
  void aClientHangingUpMidStreamSettlesItsReservationOnce() throws Exception {
    start(true, """
          - name: long
            deployments:
              - provider: simulator
                simulator: {output-tokens: 2000, tokens-per-second: 100}
        """);
    JsonNode key = admin("POST", "/admin/keys", "{\"name\":\"quitter\",\"budget\":"
        + "{\"amount\":\"10\",\"period\":\"monthly\"}}", 201);
    String secret = key.get("secret").asText();
    String id = key.get("id").asText();
    String body = "{\"model\":\"long\",\"stream\":true,\"max_tokens\":2000,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}";
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gw.port())) {
      socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\n"
          + "authorization: Bearer " + secret + "\r\ncontent-type: application/json\r\n"
          + "content-length: " + body.length() + "\r\n\r\n" + body)
          .getBytes(StandardCharsets.UTF_8));
      var reader = new java.io.BufferedReader(new java.io.InputStreamReader(
          socket.getInputStream(), StandardCharsets.UTF_8));
      int chunks = 0;
      for (String line; (line = reader.readLine()) != null && chunks < 3; ) {
        if (line.startsWith("data: {")) {
          chunks++;
        }
      }
      assertThat(chunks).isEqualTo(3);
    }
    // wait (bounded) until the hang-up is settled: nothing stays reserved
    JsonNode status = null;
    for (int i = 0; i < 300; i++) {
      status = admin("GET", "/admin/keys/" + id + "/budget", null, 200);
      if (new BigDecimal(status.get("reserved").asText()).signum() == 0) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(new BigDecimal(status.get("reserved").asText())).isZero();
    BigDecimal spent = new BigDecimal(status.get("spent").asText());
    List<LedgerEntry> rows = ledger().stream().filter(e -> id.equals(e.keyId())).toList();
    assertThat(rows.size()).isEqualTo(1);
    LedgerEntry row = rows.getFirst();
    assertThat(row.status()).isEqualTo(499);
    assertThat(row.tokens().estimated()).isTrue();
    // settled at the estimate (far below the 2000-token worst case), counted once
    assertThat(row.settled()).isEqualByComparingTo(spent);
    assertThat(row.settled()).isEqualByComparingTo(row.cost().total());
    assertThat(row.settled()).isPositive().isLessThan(row.reserved());
  }

  @Test
  void theAdminApiNeedsTheMasterKeyAndNamesWhatIsWrong() throws Exception {
    start(true, "");
    assertThat(call("GET", "/admin/keys", null).statusCode()).isEqualTo(401);
    assertThat(call("POST", "/admin/keys", "{\"name\":\"x\"}", "authorization",
        "Bearer jk-not-master").statusCode()).isEqualTo(401);
    JsonNode unknown = admin("POST", "/admin/keys", "{\"name\":\"x\",\"colour\":1}", 400);
    assertThat(unknown.path("error").path("message").asText()).contains("key.colour");
    assertThat(admin("POST", "/admin/keys", "{}", 400).path("error").path("message").asText())
        .contains("name");
    assertThat(admin("POST", "/admin/keys", "{\"name\":\"x\",\"team_id\":\"team_nope\"}",
        400).path("error").path("message").asText()).contains("team_nope");
    assertThat(admin("GET", "/admin/keys/key_nope", null, 404).path("error").path("code")
        .asText()).isEqualTo("not_found");
    String id = admin("POST", "/admin/keys", "{\"name\":\"gone\"}", 201).get("id").asText();
    admin("POST", "/admin/keys/" + id + "/revoke", null, 200);
    assertThat(admin("PATCH", "/admin/keys/" + id, "{\"name\":\"back\"}", 409).path("error")
        .path("code").asText()).isEqualTo("conflict");
    assertThat(admin("GET", "/admin/keys/" + id + "/budget", null, 200).isNull()).isTrue();
    assertThat(admin("GET", "/admin/teams/team_nope", null, 404).has("error")).isTrue();
  }
}
