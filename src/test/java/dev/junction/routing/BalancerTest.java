package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ModelConfig;
import dev.junction.error.GatewayException;
import dev.junction.provider.Upstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BalancerTest {

  private final ManualClock clock = new ManualClock();
  /** breaker: 2 calls at 100% failure open it for 30s; 1 probe. */
  private final RoutingConfig config = RoutingConfig.defaults().withBreaker(
      new RoutingConfig.Breaker(RoutingConfig.Breaker.Window.COUNT, 2, Duration.ofSeconds(60), 2,
          1.0, Duration.ofSeconds(30), 1));
  private final HealthBoard board = HealthBoard.create(config, clock);

  private Balancer balancer(RoutingConfig.Strategy s) {
    return Balancer.create(s, board, new SplittableRandom(11));
  }

  private static Route route(Upstream... ups) {
    return new Route("m", ModelConfig.Kind.CHAT, List.of(ups));
  }

  private static List<String> ids(List<Upstream> us) {
    return us.stream().map(u -> u.deployment().id()).toList();
  }

  private void breakerOpen(Upstream u) {
    for (int i = 0; i < 2; i++) {
      board.of(u).tryAcquire().orElseThrow()
          .failed(GatewayException.upstream(500, null, "boom", -1));
    }
  }

  private void latency(Upstream u, long ttftMs, long totalMs) {
    DeploymentHealth.Permit p = board.of(u).tryAcquire().orElseThrow();
    clock.advanceMillis(ttftMs);
    p.firstToken();
    clock.advanceMillis(totalMs - ttftMs);
    p.succeeded();
  }

  @Test
  void tierTwoComesOnlyAfterEveryAvailableTierOneDeployment() {
    Upstream a = new ScriptedUpstream("a", 1, 1);
    Upstream b = new ScriptedUpstream("b", 1, 1);
    Upstream backup = new ScriptedUpstream("backup", 100, 2);
    Route r = route(backup, a, b);
    Balancer bal = balancer(RoutingConfig.Strategy.WEIGHTED);
    for (int i = 0; i < 100; i++) {
      assertThat(ids(bal.candidates(r, false))).hasSize(3).endsWith("backup");
    }
    breakerOpen(a);
    breakerOpen(b);
    assertThat(ids(bal.candidates(r, false))).containsExactly("backup");
  }

  @Test
  void skipsOpenBreakersAndCoolingDeploymentsUntilTheyMayServeAgain() {
    Upstream open = new ScriptedUpstream("open");
    Upstream cooling = new ScriptedUpstream("cooling");
    Upstream fine = new ScriptedUpstream("fine");
    Route r = route(open, cooling, fine);
    Balancer bal = balancer(RoutingConfig.Strategy.WEIGHTED);
    breakerOpen(open);
    board.of(cooling).tryAcquire().orElseThrow()
        .failed(GatewayException.upstream(429, null, "slow", 10_000));
    assertThat(ids(bal.candidates(r, false))).containsExactly("fine");
    clock.advance(Duration.ofSeconds(10));
    assertThat(ids(bal.candidates(r, false))).containsExactlyInAnyOrder("cooling", "fine");
    clock.advance(Duration.ofSeconds(20));
    assertThat(ids(bal.candidates(r, false))).as("half-open with a probe permit")
        .containsExactlyInAnyOrder("open", "cooling", "fine");
  }

  @Test
  void aHalfOpenDeploymentIsOfferedOnlyWhileAProbePermitIsFree() {
    Upstream flaky = new ScriptedUpstream("flaky");
    Upstream other = new ScriptedUpstream("other");
    Route r = route(flaky, other);
    Balancer bal = balancer(RoutingConfig.Strategy.WEIGHTED);
    breakerOpen(flaky);
    clock.advance(Duration.ofSeconds(30));
    DeploymentHealth.Permit probe = board.of(flaky).tryAcquire().orElseThrow();
    assertThat(ids(bal.candidates(r, false))).containsExactly("other");
    probe.succeeded();
    assertThat(ids(bal.candidates(r, false))).containsExactlyInAnyOrder("flaky", "other");
  }

  @Test
  void weightedOrderFollowsTheWeights() {
    Route r = route(new ScriptedUpstream("heavy", 3, 1), new ScriptedUpstream("light", 1, 1));
    Balancer bal = balancer(RoutingConfig.Strategy.WEIGHTED);
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      first.merge(bal.candidates(r, false).get(0).deployment().id(), 1, Integer::sum);
    }
    assertThat(first.get("heavy") / 20_000.0).isBetween(0.72, 0.78);
  }

  @Test
  void leastInFlightPutsTheIdlestFirst() {
    Upstream busy = new ScriptedUpstream("busy");
    Upstream some = new ScriptedUpstream("some");
    Upstream idle = new ScriptedUpstream("idle");
    Route r = route(busy, some, idle);
    List<DeploymentHealth.Permit> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(board.of(busy).tryAcquire().orElseThrow());
    }
    held.add(board.of(some).tryAcquire().orElseThrow());
    Balancer bal = balancer(RoutingConfig.Strategy.LEAST_IN_FLIGHT);
    for (int i = 0; i < 50; i++) {
      assertThat(ids(bal.candidates(r, false))).containsExactly("idle", "some", "busy");
    }
    held.forEach(DeploymentHealth.Permit::abandoned);
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < 3_000; i++) {
      first.merge(bal.candidates(r, false).get(0).deployment().id(), 1, Integer::sum);
    }
    assertThat(first).as("ties are shared").containsOnlyKeys("busy", "some", "idle");
  }

  @Test
  void lowestLatencyComparesFirstTokenForStreamsAndTotalTimeOtherwise() {
    Upstream quickStart = new ScriptedUpstream("quick-start");
    Upstream quickFinish = new ScriptedUpstream("quick-finish");
    Route r = route(quickStart, quickFinish);
    latency(quickStart, 100, 5_000);
    latency(quickFinish, 800, 1_000);
    Balancer bal = balancer(RoutingConfig.Strategy.LOWEST_LATENCY);
    assertThat(ids(bal.candidates(r, true))).containsExactly("quick-start", "quick-finish");
    assertThat(ids(bal.candidates(r, false))).containsExactly("quick-finish", "quick-start");
  }

  @Test
  void lowestLatencyTriesAnUnmeasuredDeploymentFirst() {
    Upstream measured = new ScriptedUpstream("measured");
    Upstream fresh = new ScriptedUpstream("fresh");
    latency(measured, 10, 20);
    Balancer bal = balancer(RoutingConfig.Strategy.LOWEST_LATENCY);
    assertThat(ids(bal.candidates(route(measured, fresh), false)))
        .containsExactly("fresh", "measured");
  }

  @Test
  void aWeightZeroDeploymentComesLastInItsTierWhateverTheStrategy() {
    Upstream spare = new ScriptedUpstream("spare", 0, 1);
    Upstream main = new ScriptedUpstream("main", 1, 1);
    List<DeploymentHealth.Permit> held = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      held.add(board.of(main).tryAcquire().orElseThrow());
    }
    for (RoutingConfig.Strategy s : RoutingConfig.Strategy.values()) {
      assertThat(ids(balancer(s).candidates(route(spare, main), false)))
          .as("%s", s).containsExactly("main", "spare");
    }
    held.forEach(DeploymentHealth.Permit::abandoned);
  }
}
