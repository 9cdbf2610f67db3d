package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ModelConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HedgePolicyTest {

  private final ManualClock clock = new ManualClock();
  private final Route route =
      new Route("m", ModelConfig.Kind.CHAT, List.of(new ScriptedUpstream("a")));
  private final DeploymentHealth primary =
      DeploymentHealth.create("a", RoutingConfig.defaults(), clock);

  private static HedgePolicy policy(RoutingConfig.Threshold t, double percent) {
    return HedgePolicy.create(new RoutingConfig.Hedge(true, t, percent));
  }

  private static final RoutingConfig.Threshold TWO_SECONDS =
      new RoutingConfig.Threshold.Fixed(Duration.ofSeconds(2));

  /** {@code n} first-token samples of 1, 2, … n milliseconds. */
  private void samples(int n) {
    for (int ms = 1; ms <= n; ms++) {
      DeploymentHealth.Permit p = primary.tryAcquire().orElseThrow();
      clock.advanceMillis(ms);
      p.firstToken();
      p.succeeded();
    }
  }

  @Test
  void aFixedThresholdHedgesOnlyOnceItHasPassed() {
    HedgePolicy h = policy(TWO_SECONDS, 100);
    h.onRequest(route);
    assertThat(h.threshold(primary)).contains(Duration.ofSeconds(2));
    assertThat(h.shouldHedge(route, primary, Duration.ofMillis(1_999))).isFalse();
    assertThat(h.shouldHedge(route, primary, Duration.ofSeconds(2))).isTrue();
  }

  @Test
  void theObservedThresholdIsTheDeploymentsP95OfFirstTokenTimes() {
    HedgePolicy h = policy(new RoutingConfig.Threshold.Observed(0.95, 20), 100);
    samples(19);
    assertThat(h.threshold(primary)).as("fewer than min-samples").isEmpty();
    h.onRequest(route);
    assertThat(h.shouldHedge(route, primary, Duration.ofHours(1))).isFalse();
    samples(1); // 20 samples: 1..19 ms and 1 ms
    assertThat(h.threshold(primary)).contains(Duration.ofMillis(18));
    samples(100);
    // 120 samples: rank ceil(0.95 × 120) = 114; 20 samples are < 20, so the 114th is 94 ms
    assertThat(h.threshold(primary)).contains(Duration.ofMillis(94));
    samples(100);
    // the ring keeps the newest 128: 73..100 and 1..100; rank ceil(0.95 × 128) = 122 is 97 ms
    assertThat(h.threshold(primary)).contains(Duration.ofMillis(97));
    assertThat(h.shouldHedge(route, primary, Duration.ofMillis(96))).isFalse();
    assertThat(h.shouldHedge(route, primary, Duration.ofMillis(97))).isTrue();
  }

  @Test
  void theBudgetAllowsAtMostThePercentOfRequests() {
    HedgePolicy h = policy(TWO_SECONDS, 5);
    Duration late = Duration.ofSeconds(3);
    for (int i = 0; i < 19; i++) {
      h.onRequest(route);
    }
    assertThat(h.shouldHedge(route, primary, late)).as("19 × 5% < 1 hedge").isFalse();
    h.onRequest(route);
    assertThat(h.shouldHedge(route, primary, late)).as("20 × 5% = 1 hedge").isTrue();
    assertThat(h.shouldHedge(route, primary, late)).as("spent").isFalse();

    for (int i = 0; i < 1_000; i++) {
      h.onRequest(route);
    }
    int granted = 0;
    for (int i = 0; i < 100; i++) {
      if (h.shouldHedge(route, primary, late)) {
        granted++;
      }
    }
    assertThat(granted).as("saved up at most MAX_BURST").isEqualTo(RoutingConfig.Hedge.MAX_BURST);
    HedgeStats s = h.stats(route);
    assertThat(s.requests()).isEqualTo(1_020);
    assertThat(s.hedges()).isEqualTo(11);
    assertThat(s.denied()).isEqualTo(92);
    assertThat(s.hedges()).isLessThanOrEqualTo(s.requests() * 5 / 100);
  }

  @Test
  void noHedgeWhenDisabledOrOnAZeroBudget() {
    HedgePolicy off = HedgePolicy.create(RoutingConfig.Hedge.DEFAULTS);
    off.onRequest(route);
    assertThat(off.enabled()).isFalse();
    assertThat(off.threshold(primary)).isEmpty();
    assertThat(off.shouldHedge(route, primary, Duration.ofHours(1))).isFalse();
    HedgePolicy zero = policy(TWO_SECONDS, 0);
    for (int i = 0; i < 1_000; i++) {
      zero.onRequest(route);
    }
    assertThat(zero.shouldHedge(route, primary, Duration.ofHours(1))).isFalse();
  }

  @Test
  void reportsWinsPerRoute() {
    HedgePolicy h = policy(TWO_SECONDS, 100);
    h.onRequest(route);
    assertThat(h.shouldHedge(route, primary, Duration.ofSeconds(5))).isTrue();
    h.hedgeWon(route);
    assertThat(h.stats()).containsExactly(new HedgeStats("m", 1, 1, 0, 1, 0.0));
  }
}
