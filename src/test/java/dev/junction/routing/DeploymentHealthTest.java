package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.error.GatewayException;
import dev.junction.provider.UpstreamErrors;
import dev.junction.testing.Fixtures;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DeploymentHealthTest {

  private final ManualClock clock = new ManualClock();

  private static final GatewayException E500 = GatewayException.upstream(500, null, "boom", -1);
  private static final GatewayException E400 =
      GatewayException.upstream(400, "invalid_request_error", "bad field", -1);

  /** count window of 10, open at >= 50% over >= 4 calls, 30s open, 2 probes, 5s cooldown. */
  private static RoutingConfig config(RoutingConfig.Breaker breaker) {
    return new RoutingConfig(RoutingConfig.Strategy.WEIGHTED, 0.5, RoutingConfig.Retry.DEFAULTS,
        breaker, Duration.ofSeconds(5), RoutingConfig.Hedge.DEFAULTS, Map.of(), Map.of(),
        Map.of(), Map.of());
  }

  private static final RoutingConfig.Breaker COUNT = new RoutingConfig.Breaker(
      RoutingConfig.Breaker.Window.COUNT, 10, Duration.ofSeconds(60), 4, 0.5,
      Duration.ofSeconds(30), 2);

  private DeploymentHealth health() {
    return DeploymentHealth.create("d1", config(COUNT), clock);
  }

  private static void succeed(DeploymentHealth h, int n) {
    for (int i = 0; i < n; i++) {
      h.tryAcquire().orElseThrow().succeeded();
    }
  }

  private static void fail(DeploymentHealth h, int n, GatewayException e) {
    for (int i = 0; i < n; i++) {
      h.tryAcquire().orElseThrow().failed(e);
    }
  }

  @Test
  void staysClosedBelowTheMinimumNumberOfCalls() {
    DeploymentHealth h = health();
    fail(h, 3, E500);
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(h.errorRate()).isEqualTo(1.0);
    fail(h, 1, GatewayException.timeout("first token"));
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void opensWhenTheFailureRateReachesTheThreshold() {
    DeploymentHealth h = health();
    succeed(h, 3);
    fail(h, 2, E500); // 2/5 = 40%
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
    fail(h, 1, GatewayException.connection("refused", null)); // 3/6 = 50%
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
    assertThat(h.tryAcquire()).isEmpty();
    assertThat(h.available()).isFalse();
  }

  @Test
  void theCountWindowForgetsTheOldestCalls() {
    DeploymentHealth h = health();
    fail(h, 3, E500);
    succeed(h, 10); // the window of 10 now holds only successes
    assertThat(h.errorRate()).isEqualTo(0.0);
    assertThat(h.snapshot().windowCalls()).isEqualTo(10);
    fail(h, 4, E500); // 4/10
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
    fail(h, 1, E500); // 5/10
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void halfOpensAfterTheOpenDurationAndClosesWhenEveryProbeSucceeds() {
    DeploymentHealth h = health();
    fail(h, 4, E500);
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
    assertThat(h.snapshot().openUntil()).isEqualTo(clock.instant().plusSeconds(30));
    clock.advance(Duration.ofMillis(29_999));
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
    clock.advanceMillis(1);
    assertThat(h.state()).isEqualTo(BreakerState.HALF_OPEN);

    DeploymentHealth.Permit p1 = h.tryAcquire().orElseThrow();
    DeploymentHealth.Permit p2 = h.tryAcquire().orElseThrow();
    assertThat(p1.probe()).isTrue();
    assertThat(h.tryAcquire()).as("only 2 probe permits").isEmpty();
    assertThat(h.available()).isFalse();
    p1.succeeded();
    assertThat(h.state()).isEqualTo(BreakerState.HALF_OPEN);
    p2.succeeded();
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(h.errorRate()).as("a fresh window").isEqualTo(0.0);
    assertThat(h.snapshot().windowCalls()).isZero();
  }

  @Test
  void aFailedProbeOpensTheBreakerAgainForAFullOpenDuration() {
    DeploymentHealth h = health();
    fail(h, 4, E500);
    clock.advance(Duration.ofSeconds(30));
    DeploymentHealth.Permit probe = h.tryAcquire().orElseThrow();
    clock.advance(Duration.ofSeconds(2));
    probe.failed(E500);
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
    clock.advance(Duration.ofMillis(29_999));
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
    clock.advanceMillis(1);
    assertThat(h.state()).isEqualTo(BreakerState.HALF_OPEN);
  }

  @Test
  void anAbandonedProbeGivesItsPermitBack() {
    DeploymentHealth h = health();
    fail(h, 4, E500);
    clock.advance(Duration.ofSeconds(30));
    DeploymentHealth.Permit a = h.tryAcquire().orElseThrow();
    h.tryAcquire().orElseThrow();
    assertThat(h.tryAcquire()).isEmpty();
    a.abandoned();
    assertThat(h.tryAcquire()).isPresent();
  }

  @Test
  void outcomesOfCallsAdmittedBeforeTheBreakerOpenedDoNotCount() {
    DeploymentHealth h = health();
    DeploymentHealth.Permit early = h.tryAcquire().orElseThrow();
    fail(h, 4, E500);
    clock.advance(Duration.ofSeconds(30));
    assertThat(h.state()).isEqualTo(BreakerState.HALF_OPEN);
    early.succeeded(); // admitted while CLOSED: no verdict on the probes
    assertThat(h.state()).isEqualTo(BreakerState.HALF_OPEN);
    succeed(h, 2);
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aRateLimitCoolsDownForTheVendorsWaitAndIsNotAFailure() {
    DeploymentHealth h = health();
    for (int i = 0; i < 10; i++) {
      h.tryAcquire().orElseThrow().failed(GatewayException.upstream(429, null, "slow", 2_000));
      clock.advance(Duration.ofSeconds(2));
    }
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(h.errorRate()).isEqualTo(0.0);
    assertThat(h.snapshot().windowCalls()).isZero();
    assertThat(h.snapshot().rateLimited()).isEqualTo(10);
    assertThat(h.snapshot().failures()).isZero();

    h.tryAcquire().orElseThrow().failed(GatewayException.upstream(429, null, "slow", 2_000));
    Instant until = clock.instant().plusSeconds(2);
    assertThat(h.cooldownUntil()).contains(until);
    assertThat(h.availableAt()).contains(until);
    assertThat(h.tryAcquire()).isEmpty();
    clock.advance(Duration.ofMillis(1_999));
    assertThat(h.coolingDown()).isTrue();
    assertThat(h.available()).isFalse();
    clock.advanceMillis(1);
    assertThat(h.coolingDown()).isFalse();
    assertThat(h.cooldownUntil()).isEmpty();
    assertThat(h.tryAcquire()).isPresent();
  }

  @Test
  void aRateLimitWithoutAStatedWaitCoolsDownForTheDefault() {
    DeploymentHealth h = health();
    h.tryAcquire().orElseThrow().failed(GatewayException.upstream(429, null, "slow", -1));
    assertThat(h.cooldownUntil()).contains(clock.instant().plusSeconds(5));
  }

  @Test
  void theCooldownHonoursGeminisRetryInfoFromARecordedAnswer() {
    byte[] body = Fixtures.bytes("gemini/error-429-quota-retry-info.json");
    // the fixture's RetryInfo says "retryDelay": "34.4s"
    assertThat(Fixtures.json(body).path("error").path("details").get(1).path("retryDelay")
        .asText()).isEqualTo("34.4s");
    GatewayException e = UpstreamErrors.decode(429, MultiMap.caseInsensitiveMultiMap(), body);
    DeploymentHealth h = health();
    h.tryAcquire().orElseThrow().failed(e);
    assertThat(h.cooldownUntil()).contains(clock.instant().plusMillis(34_400));
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aLongerCooldownIsNotShortenedByALaterShorterOne() {
    DeploymentHealth h = health();
    DeploymentHealth.Permit a = h.tryAcquire().orElseThrow();
    DeploymentHealth.Permit b = h.tryAcquire().orElseThrow();
    a.failed(GatewayException.upstream(429, null, "slow", 10_000));
    b.failed(GatewayException.upstream(429, null, "slow", 1_000));
    assertThat(h.cooldownUntil()).contains(clock.instant().plusSeconds(10));
  }

  @Test
  void theRequestsOwnErrorsCountAsTheDeploymentAnswering() {
    DeploymentHealth h = health();
    fail(h, 10, E400);
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(h.errorRate()).isEqualTo(0.0);
    assertThat(h.snapshot().rejected()).isEqualTo(10);
  }

  @Test
  void refusedCredentialsAreAFailure() {
    DeploymentHealth h = health();
    fail(h, 4, GatewayException.upstreamAuth(401, "", "invalid key"));
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void countsCallsInFlightUntilEachEndsOnce() {
    DeploymentHealth h = health();
    DeploymentHealth.Permit a = h.tryAcquire().orElseThrow();
    DeploymentHealth.Permit b = h.tryAcquire().orElseThrow();
    assertThat(h.inFlight()).isEqualTo(2);
    a.succeeded();
    a.failed(E500); // ignored: already ended
    assertThat(h.inFlight()).isEqualTo(1);
    assertThat(h.snapshot().failures()).isZero();
    b.abandoned();
    assertThat(h.inFlight()).isZero();
  }

  @Test
  void movingAveragesOfFirstTokenAndTotalTime() {
    DeploymentHealth h = health(); // alpha 0.5
    DeploymentHealth.Permit p = h.tryAcquire().orElseThrow();
    clock.advanceMillis(100);
    p.firstToken();
    clock.advanceMillis(300);
    p.succeeded();
    assertThat(h.ewmaTimeToFirstToken()).contains(Duration.ofMillis(100));
    assertThat(h.ewmaTotal()).contains(Duration.ofMillis(400));

    DeploymentHealth.Permit whole = h.tryAcquire().orElseThrow();
    clock.advanceMillis(200);
    whole.succeeded(); // a whole answer: its first token is its end
    assertThat(h.ewmaTimeToFirstToken()).contains(Duration.ofMillis(150)); // 100 + 0.5 × 100
    assertThat(h.ewmaTotal()).contains(Duration.ofMillis(300)); // 400 + 0.5 × (200 − 400)
  }

  @Test
  void ttftPercentileNeedsTheMinimumSamples() {
    DeploymentHealth h = health();
    for (int ms = 1; ms <= 100; ms++) {
      DeploymentHealth.Permit p = h.tryAcquire().orElseThrow();
      clock.advanceMillis(ms);
      p.succeeded();
    }
    assertThat(h.timeToFirstTokenPercentile(0.95, 101)).isEmpty();
    assertThat(h.timeToFirstTokenPercentile(0.95, 100)).contains(Duration.ofMillis(95));
    assertThat(h.timeToFirstTokenPercentile(0.5, 1)).contains(Duration.ofMillis(50));
    assertThat(h.snapshot().p95TimeToFirstToken()).isEqualTo(Duration.ofMillis(95));
  }

  @Test
  void theTimeWindowForgetsCallsOlderThanItsDuration() {
    RoutingConfig.Breaker time = new RoutingConfig.Breaker(RoutingConfig.Breaker.Window.TIME,
        20, Duration.ofSeconds(10), 4, 0.5, Duration.ofSeconds(30), 1);
    DeploymentHealth h = DeploymentHealth.create("t", config(time), clock);
    fail(h, 3, E500);
    assertThat(h.snapshot().windowCalls()).isEqualTo(3);
    clock.advance(Duration.ofSeconds(10)); // the three failures slid out
    assertThat(h.snapshot().windowCalls()).isZero();
    fail(h, 1, E500);
    assertThat(h.state()).as("1 call in the window, below min-calls")
        .isEqualTo(BreakerState.CLOSED);
    clock.advance(Duration.ofSeconds(5));
    succeed(h, 2);
    fail(h, 1, E500); // 2 failures of 4 within 10s
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void snapshotReportsEveryField() {
    DeploymentHealth h = health();
    DeploymentHealth.Permit busy = h.tryAcquire().orElseThrow();
    succeed(h, 1);
    fail(h, 1, E500);
    h.tryAcquire().orElseThrow().failed(GatewayException.upstream(429, null, "slow", 3_000));
    HealthSnapshot s = h.snapshot();
    assertThat(s.deployment()).isEqualTo("d1");
    assertThat(s.breaker()).isEqualTo(BreakerState.CLOSED);
    assertThat(s.openUntil()).isNull();
    assertThat(s.cooldownUntil()).isEqualTo(clock.instant().plusSeconds(3));
    assertThat(s.inFlight()).isEqualTo(1);
    assertThat(s.errorRate()).isEqualTo(0.5);
    assertThat(s.windowCalls()).isEqualTo(2);
    assertThat(s.successes()).isEqualTo(1);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.rateLimited()).isEqualTo(1);
    busy.abandoned();
  }

  @Test
  void theCountWindowLosesNoUpdateUnderConcurrentRecording() throws Exception {
    CountWindow w = new CountWindow(64);
    int threads = 4;
    int perThread = 50_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      boolean failing = t % 2 == 0;
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          w.record(failing, 0);
        }
      });
      th.start();
      ts.add(th);
    }
    go.countDown();
    for (Thread th : ts) {
      th.join();
    }
    FailureWindow.Tally t = w.tally(0);
    assertThat(t.calls()).isEqualTo(64);
    // had a concurrent update been lost, the packed count would have drifted from the slots:
    // overwriting every slot must then land exactly on 64 failures, and then on 0
    for (int i = 0; i < 64; i++) {
      w.record(true, 0);
    }
    assertThat(w.tally(0)).isEqualTo(new FailureWindow.Tally(64, 64));
    for (int i = 0; i < 64; i++) {
      w.record(false, 0);
    }
    assertThat(w.tally(0)).isEqualTo(new FailureWindow.Tally(64, 0));
  }
}
