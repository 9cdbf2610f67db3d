package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ConfigLoader;
import dev.junction.config.GatewayConfig;
import dev.junction.gateway.Gateway;
import dev.junction.ledger.LedgerEntry;
import dev.junction.ledger.LedgerStore;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway records every call in the ledger with its exact cost, flushes on close, and serves
 * spend reports to the master key only.
 */
class LedgerWiringTest {

  @TempDir
  Path dir;

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void everyCallIsRecordedOnceWithItsCostAndReportsNeedTheMasterKey() throws Exception {
    Path db = dir.resolve("ledger.db");
    GatewayConfig config = ConfigLoader.withEnv(Map.of("MASTER", "mk-test-123")).parse("""
        server: {port: 0, event-loops: 1}
        providers-from-env: false
        admin: {master-key: "${MASTER}"}
        auth: {store: %s}
        ledger: {store: sqlite, path: %s, flush-interval: 50ms}
        pricing:
          overrides:
            - provider: simulator
              model: priced
              per-million: {input: "3", output: "15"}
        models:
          - name: priced
            deployments: [{provider: simulator, simulator: {output-tokens: 10}}]
        """.formatted(dir.resolve("keys.db"), db));
    Gateway gw = Gateway.builder(config).start().toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    String base = "http://127.0.0.1:" + gw.port();
    try {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = post(base + "/v1/chat/completions",
            "{\"model\":\"priced\",\"messages\":[{\"role\":\"user\",\"content\":\"hello " + i
                + "\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
      }
      HttpResponse<String> missing = post(base + "/v1/chat/completions",
          "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
      assertThat(missing.statusCode()).isEqualTo(404);

      HttpResponse<String> noKey = get(base + "/admin/spend", null);
      assertThat(noKey.statusCode()).isEqualTo(401);
      HttpResponse<String> wrongKey = get(base + "/admin/spend", "mk-wrong");
      assertThat(wrongKey.statusCode()).isEqualTo(401);
      HttpResponse<String> report = get(base + "/admin/spend?by=model&format=csv",
          "mk-test-123");
      assertThat(report.statusCode()).isEqualTo(200);
      assertThat(report.headers().firstValue("content-type")).contains("text/csv");
      assertThat(get(base + "/admin/spend?by=colour", "mk-test-123").statusCode())
          .isEqualTo(400);
      assertThat(get(base + "/admin/spend/hints", null).statusCode()).isEqualTo(401);
      HttpResponse<String> hints = get(base + "/admin/spend/hints?days=1&format=csv",
          "mk-test-123");
      assertThat(hints.statusCode()).isEqualTo(200);
      assertThat(hints.body().lines().findFirst())
          .contains("kind,tag,currency,saving,share,message,evidence");
    } finally {
      gw.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    assertThat(Files.exists(db)).isTrue();
    try (LedgerStore store = LedgerStore.sqlite(db)) {
      List<LedgerEntry> rows = store.entries(Instant.EPOCH, Instant.now().plusSeconds(60));
      assertThat(rows).hasSize(4); // the failed request is in the ledger too
      assertThat(rows.stream().map(LedgerEntry::requestId).distinct()).hasSize(4);
      LedgerEntry ok = rows.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
      // by hand: input tokens * $3/M + 10 output tokens * $15/M
      BigDecimal expected = new BigDecimal(ok.tokens().input()).multiply(new BigDecimal("3"))
          .add(new BigDecimal(10).multiply(new BigDecimal("15")))
          .movePointLeft(6);
      assertThat(ok.cost().total()).isEqualByComparingTo(expected);
      assertThat(ok.unpriced()).isFalse();
      // three different prompts: three fingerprints, none of them the text
      List<String> hashes = rows.stream().filter(r -> r.status() == 200)
          .map(LedgerEntry::promptHash).toList();
      assertThat(hashes).hasSize(3).doesNotContainNull().doesNotHaveDuplicates()
          .allMatch(h -> h.matches("[0-9a-f]{32}"));
      LedgerEntry failed = rows.stream().filter(r -> r.status() == 404).findFirst().orElseThrow();
      assertThat(failed.errorCode()).isEqualTo("model_not_found");
    }
  }

  /** With the master key, which is admitted on the model routes too. */
  private static HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .header("content-type", "application/json")
        .header("authorization", "Bearer mk-test-123")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
