package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingConfigTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static RoutingConfig parse(String yaml) throws Exception {
    JsonNode root = YAML.readTree(yaml);
    return RoutingConfig.fromNode(root.get("routing"));
  }

  private static void rejects(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void missingSectionGivesTheDocumentedDefaults() {
    RoutingConfig c = RoutingConfig.fromNode(null);
    assertThat(c).isEqualTo(RoutingConfig.defaults());
    assertThat(c.strategy()).isEqualTo(RoutingConfig.Strategy.WEIGHTED);
    assertThat(c.retry().maxAttempts()).isEqualTo(3);
    assertThat(c.retry().base()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.retry().cap()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.retry().deadline()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.breaker().window()).isEqualTo(RoutingConfig.Breaker.Window.COUNT);
    assertThat(c.breaker().windowSize()).isEqualTo(20);
    assertThat(c.breaker().minCalls()).isEqualTo(10);
    assertThat(c.breaker().failureRate()).isEqualTo(0.5);
    assertThat(c.breaker().openDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.breaker().probes()).isEqualTo(1);
    assertThat(c.cooldown()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.hedge().enabled()).isFalse();
    assertThat(c.hedge().threshold()).isEqualTo(new RoutingConfig.Threshold.Observed(0.95, 20));
    assertThat(c.hedge().budgetPercent()).isEqualTo(5.0);
    assertThat(c.fallbacks()).isEmpty();
  }

  @Test
  void readsEveryKey() throws Exception {
    RoutingConfig c = parse("""
        routing:
          strategy: lowest-latency
          ewma-alpha: 0.5
          retry: {max-attempts: 5, base: 100ms, cap: 2s, deadline: 90s, max-wait: 20s}
          breaker:
            window: time
            window-size: 50
            window-duration: 2m
            min-calls: 5
            failure-rate: 0.25
            open-duration: 45s
            probes: 3
          cooldown: 7s
          hedge: {enabled: true, threshold: p99, min-samples: 50, budget-percent: 2.5}
          fallbacks:
            gpt-4o: [claude-sonnet-4-5, gemini-2.5-pro]
          context-window-fallbacks: {gpt-4o-mini: [gpt-4.1-mini]}
          content-policy-fallbacks: {gpt-4o: [claude-sonnet-4-5]}
          context-windows: {gpt-4o-mini: 128000, gpt-4.1-mini: 1047576}
        """);
    assertThat(c.strategy()).isEqualTo(RoutingConfig.Strategy.LOWEST_LATENCY);
    assertThat(c.ewmaAlpha()).isEqualTo(0.5);
    assertThat(c.retry()).isEqualTo(new RoutingConfig.Retry(5, Duration.ofMillis(100),
        Duration.ofSeconds(2), Duration.ofSeconds(90), Duration.ofSeconds(20)));
    assertThat(c.breaker()).isEqualTo(new RoutingConfig.Breaker(
        RoutingConfig.Breaker.Window.TIME, 50, Duration.ofMinutes(2), 5, 0.25,
        Duration.ofSeconds(45), 3));
    assertThat(c.cooldown()).isEqualTo(Duration.ofSeconds(7));
    assertThat(c.hedge()).isEqualTo(new RoutingConfig.Hedge(true,
        new RoutingConfig.Threshold.Observed(0.99, 50), 2.5));
    assertThat(c.fallbacks()).containsEntry("gpt-4o", List.of("claude-sonnet-4-5",
        "gemini-2.5-pro"));
    assertThat(c.contextWindowFallbacks()).containsEntry("gpt-4o-mini", List.of("gpt-4.1-mini"));
    assertThat(c.contentPolicyFallbacks()).containsEntry("gpt-4o", List.of("claude-sonnet-4-5"));
    assertThat(c.contextWindows()).containsEntry("gpt-4o-mini", 128_000L)
        .containsEntry("gpt-4.1-mini", 1_047_576L);
  }

  @Test
  void aFixedHedgeThresholdIsADuration() throws Exception {
    RoutingConfig c = parse("routing: {hedge: {enabled: true, threshold: 1.5s}}");
    assertThat(c.hedge().threshold())
        .isEqualTo(new RoutingConfig.Threshold.Fixed(Duration.ofMillis(1500)));
  }

  @Test
  void errorsNameTheKeyTheValueAndTheExpectation() {
    rejects("routing: {breaker: {failure-rate: 1.5}}",
        "routing.breaker.failure-rate: 1.5 (expected: 0..1)");
    rejects("routing: {retry: {max-attempts: 0}}",
        "routing.retry.max-attempts: 0 (expected: >= 1)");
    rejects("routing: {retry: {base: 2s, cap: 1s}}",
        "routing.retry.cap: 1s (expected: >= retry.base (2s))");
    rejects("routing: {retry: {deadline: -5s}}",
        "routing.retry.deadline: -5s (expected: > 0)");
    rejects("routing: {retry: {base: soon}}",
        "routing.retry.base: 'soon' (expected: a duration such as 250ms, 5s, 2m, 1h)");
    rejects("routing: {breaker: {window: sliding}}",
        "routing.breaker.window: sliding (expected: count or time)");
    rejects("routing: {breaker: {window-size: 5, min-calls: 6}}",
        "routing.breaker.min-calls: 6 (expected: <= breaker.window-size (5))");
    rejects("routing: {breaker: {probes: 0}}", "routing.breaker.probes: 0 (expected: >= 1)");
    rejects("routing: {hedge: {budget-percent: 120}}",
        "routing.hedge.budget-percent: 120 (expected: 0..100)");
    rejects("routing: {hedge: {threshold: p100}}",
        "routing.hedge.threshold: p100 (expected: p1..p99.9)");
    rejects("routing: {strategy: fastest}",
        "routing.strategy: fastest (expected: weighted, least-in-flight or lowest-latency)");
    rejects("routing: {breaker: {failure_rate: 0.5}}",
        "routing.breaker.failure_rate: unknown key (expected one of: window, window-size, "
            + "window-duration, min-calls, failure-rate, open-duration, probes)");
    rejects("routing: {fallbacks: {gpt-4o: claude}}",
        "routing.fallbacks.gpt-4o: \"claude\" (expected: a list of model names)");
    rejects("routing: {context-windows: {gpt-4o: big}}",
        "routing.context-windows.gpt-4o: big (expected: a token count such as 128000)");
    rejects("routing: {cooldown: 0s}", "routing.cooldown: 0ms (expected: > 0)");
  }
}
