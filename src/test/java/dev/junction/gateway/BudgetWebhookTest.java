package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.budget.Budget;
import dev.junction.budget.BudgetPeriod;
import dev.junction.budget.PeriodWindow;
import dev.junction.budget.ThresholdEvent;
import dev.junction.json.Json;
import dev.junction.routing.Scheduler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The budget alert webhook against a real local HTTP server: the body, retries of failed
 * deliveries on the injected scheduler (the test runs each retry itself; nothing waits for real
 * delays), and what is not retried.
 */
class BudgetWebhookTest {

  private static final List<Duration> DELAYS = List.of(Duration.ofSeconds(1),
      Duration.ofSeconds(5));

  private record Retry(Duration delay, Runnable task) {}

  private Vertx vertx;
  private HttpServer server;
  private HttpClient client;
  private final BlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<Retry> retries = new LinkedBlockingQueue<>();
  private BudgetWebhook webhook;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      received.add(req.path() + "?" + req.query() + " " + b.toString());
      Integer status = answers.poll();
      req.response().setStatusCode(status == null ? 200 : status).end();
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = vertx.createHttpClient();
    Scheduler recording = (delay, task) -> {
      retries.add(new Retry(delay, task));
      return () -> { };
    };
    webhook = new BudgetWebhook(client, URI.create("http://127.0.0.1:" + server.actualPort()
        + "/hooks/T0KEN?secret=s3"), recording, DELAYS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ThresholdEvent event() {
    return new ThresholdEvent("key:k1", Budget.of(new BigDecimal("10.00"), "USD",
        BudgetPeriod.MONTHLY), 80, new BigDecimal("8.000000001"),
        new PeriodWindow(Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-12-01T00:00:00Z")), Instant.parse("2026-11-23T03:00:00Z"));
  }

  @Test
  void failedDeliveriesAreRetriedAfterEachDelayUntilOneIsAccepted() throws Exception {
    answers.add(503);
    answers.add(429);
    webhook.onThreshold(event());
    String first = received.poll(10, TimeUnit.SECONDS);
    assertThat(first).startsWith("/hooks/T0KEN?secret=s3 ");
    var body = Json.parseObject(first.substring(first.indexOf(' ') + 1).getBytes());
    assertThat(body.at("/scope").asText()).isEqualTo("key:k1");
    assertThat(body.at("/percent").asInt()).isEqualTo(80);
    assertThat(body.at("/spent").asText()).isEqualTo("8.000000001"); // exact decimal string
    assertThat(new BigDecimal(body.at("/amount").asText())).isEqualByComparingTo("10");
    assertThat(body.at("/period_end").asText()).isEqualTo("2026-12-01T00:00:00Z");

    Retry r1 = retries.poll(10, TimeUnit.SECONDS);
    assertThat(r1.delay()).isEqualTo(Duration.ofSeconds(1));
    r1.task().run();
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(first); // the same alert again
    Retry r2 = retries.poll(10, TimeUnit.SECONDS);
    assertThat(r2.delay()).isEqualTo(Duration.ofSeconds(5));
    r2.task().run();
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(first); // answered 200
    assertThat(retries.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void deliveryStopsAfterTheLastDelay() throws Exception {
    answers.addAll(List.of(500, 502, 503));
    webhook.onThreshold(event());
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
      if (attempt < 3) {
        retries.poll(10, TimeUnit.SECONDS).task().run();
      }
    }
    assertThat(retries.poll(300, TimeUnit.MILLISECONDS)).isNull(); // 1 + 2 retries, then logged
  }

  @Test
  void aRefusalThatRetryingCannotChangeIsNotRetried() throws Exception {
    answers.add(404);
    webhook.onThreshold(event());
    assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(retries.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void anUnreachableWebhookIsRetried() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    webhook.onThreshold(event());
    Retry r = retries.poll(15, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    assertThat(r.delay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void failureMessagesNeverCarryTheSecretPartOfTheUrl() {
    String port = String.valueOf(server.actualPort());
    String timeout = "The timeout period of 10000ms has been exceeded while executing POST "
        + "/hooks/T0KEN?secret=s3 for server 127.0.0.1:" + port;
    assertThat(webhook.redacted(timeout)).doesNotContain("T0KEN").doesNotContain("s3")
        .contains("POST /…").contains("127.0.0.1:" + port);
    assertThat(webhook.redacted("failed: http://127.0.0.1:" + port + "/hooks/T0KEN?secret=s3"))
        .isEqualTo("failed: http://127.0.0.1:" + port + "/…");
    assertThat(webhook.redacted("no path /hooks/T0KEN in it")).doesNotContain("T0KEN");
  }
}
