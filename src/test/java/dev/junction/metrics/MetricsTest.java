package dev.junction.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.Usage;
import dev.junction.gateway.CallRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static CallRecord record(String model, int status, String errorCode, Usage usage,
      long latencyMs, long ttftMs, int attempts) {
    return new CallRecord("req_1", Instant.EPOCH, "openai", "chat", model, "openai/x", "openai",
        "x", attempts, ttftMs >= 0, status, errorCode == null ? null : "invalid_request_error",
        errorCode, usage, latencyMs, ttftMs, null, null, null);
  }

  @Test
  void countsRequestsTokensAndLatencyBuckets() {
    Metrics m = Metrics.create();
    m.onCall(record("fast", 200, null, Usage.fromOpenAi(100, 20, 30, 0, 5), 40, 12, 1));
    m.onCall(record("fast", 200, null, Usage.fromOpenAi(10, 2, 0, 0, 0), 3000, -1, 2));
    m.onCall(record("nonsense-model-name", 404, "model_not_found", null, 1, -1, 0));
    String text = m.scrape();
    assertThat(text).contains("junction_requests_total{front=\"openai\",endpoint=\"chat\","
        + "model=\"fast\",provider=\"openai\",status=\"200\"} 2");
    assertThat(text).contains("model=\"(unknown)\"").doesNotContain("nonsense-model-name");
    assertThat(text).contains("junction_tokens_total{model=\"fast\",provider=\"openai\","
        + "kind=\"input\"} 80");
    assertThat(text).contains("kind=\"cache_read\"} 30");
    assertThat(text).contains("kind=\"output\"} 17");
    assertThat(text).contains("kind=\"reasoning\"} 5");
    assertThat(text).contains("junction_request_duration_seconds_bucket{front=\"openai\","
        + "endpoint=\"chat\",model=\"fast\",le=\"0.05\"} 1");
    assertThat(text).contains("junction_request_duration_seconds_bucket{front=\"openai\","
        + "endpoint=\"chat\",model=\"fast\",le=\"+Inf\"} 2");
    assertThat(text).contains("junction_time_to_first_token_seconds_count{model=\"fast\"} 1");
    assertThat(text).contains("junction_upstream_attempts_total{model=\"fast\"} 3");
    assertThat(text).contains("junction_requests_failed_over_total{model=\"fast\"} 1");
    assertThat(text).contains("junction_request_errors_total{front=\"openai\","
        + "model=\"(unknown)\",code=\"model_not_found\"} 1");
  }

  @Test
  void countsRetriesFallbacksAndReadsTheRoutingAtScrape() {
    java.util.List<dev.junction.routing.HealthSnapshot> health = new java.util.ArrayList<>();
    health.add(new dev.junction.routing.HealthSnapshot("dep-a",
        dev.junction.routing.BreakerState.HALF_OPEN, null, null, 2, null, null, null, 0.25, 8,
        6, 2, 0, 0));
    Metrics m = Metrics.create(() -> health, () -> java.util.List.of(
        new dev.junction.routing.HedgeStats("fast", 40, 3, 1, 2, 0.5)));
    m.onRouted("fast", 3, false, null); // two retries
    m.onRouted("fast", 2, true, null); // one call plus its hedge: no retry
    m.onRouted("fast", 2, false, new dev.junction.routing.Fallback(
        dev.junction.routing.Fallback.Reason.CONTEXT_WINDOW, "fast", "big"));
    String text = m.scrape();
    assertThat(text).contains("junction_retries_total{model=\"fast\"} 3");
    assertThat(text).contains("junction_fallbacks_total{from=\"fast\",to=\"big\","
        + "reason=\"context-window\"} 1");
    assertThat(text).contains("junction_hedges_sent_total{model=\"fast\"} 3")
        .contains("junction_hedges_won_total{model=\"fast\"} 2");
    assertThat(text).contains(
        "junction_deployment_breaker_state{deployment=\"dep-a\",state=\"half_open\"} 1")
        .contains("junction_deployment_breaker_state{deployment=\"dep-a\",state=\"open\"} 0")
        .contains("junction_deployment_in_flight{deployment=\"dep-a\"} 2");
    health.clear();
    assertThat(m.scrape()).as("read afresh at each scrape")
        .doesNotContain("junction_deployment_in_flight{deployment=\"dep-a\"}");
  }

  @Test
  void countsSpendExactlyAndFlagsUnpricedCalls() {
    Metrics m = Metrics.create();
    dev.junction.pricing.ModelPrice price = new dev.junction.pricing.ModelPrice("openai", "x",
        dev.junction.pricing.ModelPrice.Mode.CHAT, "USD", dev.junction.pricing.TokenRates.of(
            new java.math.BigDecimal("0.15"), new java.math.BigDecimal("0.60")),
        java.util.List.of(), null, null, null, null);
    Usage u = Usage.fromOpenAi(1000, 100, 0, 0, 0); // 1000 in at $0.15/M + 100 out at $0.60/M
    m.onCall(record("fast", 200, null, u, 5, -1, 1)
        .withCost(dev.junction.pricing.CostCalculator.cost(price, u)));
    m.onCall(record("fast", 200, null, u, 5, -1, 1)
        .withCost(dev.junction.pricing.CostCalculator.unpriced(u)));
    String text = m.scrape();
    // 1000 * 0.15e-6 + 100 * 0.60e-6 = 0.00021 USD = 210000 nano-dollars
    assertThat(text).contains("junction_cost_nanos_total{model=\"fast\",provider=\"openai\","
        + "currency=\"USD\"} 210000");
    assertThat(text).contains("junction_unpriced_requests_total{model=\"fast\","
        + "provider=\"openai\"} 1");
  }

  @Test
  void cardinalityIsCapped() {
    Metrics m = Metrics.create();
    for (int i = 0; i < MetricsRegistry.MAX_SERIES + 100; i++) {
      m.onCall(record("openai/m" + i, 200, null, null, 1, -1, 1));
    }
    String text = m.scrape();
    long series = text.lines().filter(l -> l.startsWith("junction_requests_total{")).count();
    assertThat(series).isLessThanOrEqualTo(MetricsRegistry.MAX_SERIES + 1);
    assertThat(text).contains("model=\"(other)\"");
  }
}
