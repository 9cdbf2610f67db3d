package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.ModelConfig;
import dev.junction.config.Timeouts;
import dev.junction.error.GatewayException;
import dev.junction.provider.CallContext;
import dev.junction.provider.ChatStream;
import dev.junction.provider.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Ten minutes of virtual traffic (one request every 100 ms) against deployments with seeded
 * faults (errors, 429s with waits, slow first tokens, a two-minute outage of one deployment, 30
 * seconds with the whole model down), driven by the manual
 * clock: no sleeping, the same run every time. The invariants: every request ends; nothing stays
 * in flight; no call starts after its request ended or past its deadline; no call reaches a
 * deployment during a wait that deployment asked for; hedges stay within budget; the outage opens
 * the breaker and recovery closes it; the model's outage takes the fallback.
 */
class ChaosRunTest {

  private static final long MINUTE = 60_000;

  private final ManualClock clock = new ManualClock(0); // virtual time = ms since the run began
  private final SplittableRandom random = new SplittableRandom(20251031);
  /** request id → when it started / ended. */
  private final Map<String, Long> started = new HashMap<>();
  private final Map<String, Long> ended = new HashMap<>();
  private final List<String> violations = new ArrayList<>();

  /** An upstream answering after a random latency with a random outcome. */
  private final class Faulty implements Upstream {
    final DeploymentConfig deployment;
    final double errorRate;
    final double rateLimitRate;
    final List<long[]> outages = new ArrayList<>();
    long quietUntil = Long.MIN_VALUE;
    int calls;
    int callsInOutage;

    Faulty(String id, int priority, double errorRate, double rateLimitRate) {
      this.deployment = new DeploymentConfig(id, "openai", id, null, null, Map.of(), 1, priority,
          Timeouts.DEFAULTS, JsonNodeFactory.instance.objectNode());
      this.errorRate = errorRate;
      this.rateLimitRate = rateLimitRate;
    }

    Future<String> send(CallContext ctx) {
      long now = clock.millis();
      calls++;
      String id = ctx.requestId();
      if (ended.containsKey(id)) {
        violations.add(deployment.id() + " called after request " + id + " ended");
      }
      if (now - started.get(id) >= 30_000) {
        violations.add(deployment.id() + " called past the deadline of " + id);
      }
      if (now < quietUntil) {
        violations.add(deployment.id() + " called during its own Retry-After at " + now);
      }
      Promise<String> p = Promise.promise();
      ctx.onCancel(() -> p.tryFail(GatewayException.connection("cancelled", null)));
      boolean down = outages.stream().anyMatch(o -> now >= o[0] && now < o[1]);
      double roll = random.nextDouble();
      long latency = random.nextDouble() < 0.05 ? 5_000 + random.nextLong(5_000)
          : 50 + random.nextLong(1_500);
      if (down) {
        callsInOutage++;
        clock.schedule(Duration.ofMillis(20), () -> p.tryFail(
            GatewayException.connection("connection refused", null)));
      } else if (roll < rateLimitRate) {
        long wait = 500 + random.nextLong(3_000);
        clock.schedule(Duration.ofMillis(10), () -> {
          if (p.tryFail(GatewayException.upstream(429, "rate_limit_exceeded", "slow down", wait))) {
            quietUntil = Math.max(quietUntil, clock.millis() + wait); // from the moment it is told
          }
        });
      } else if (roll < rateLimitRate + errorRate) {
        clock.schedule(Duration.ofMillis(latency / 4), () -> p.tryFail(
            GatewayException.upstream(random.nextBoolean() ? 500 : 529, null, "overloaded", -1)));
      } else {
        clock.schedule(Duration.ofMillis(latency), () -> p.tryComplete("ok " + deployment.id()));
      }
      return p.future();
    }

    @Override
    public DeploymentConfig deployment() {
      return deployment;
    }

    @Override
    public Future<ChatResponse> chat(ChatRequest request, CallContext ctx) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<ChatStream> stream(ChatRequest request, CallContext ctx) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void tenMinutesOfFaultsKeepEveryInvariant() {
    Faulty steady = new Faulty("steady", 1, 0.02, 0.0);
    steady.outages.add(new long[] {3 * MINUTE, 5 * MINUTE});
    Faulty flaky = new Faulty("flaky", 1, 0.25, 0.10);
    Faulty backup = new Faulty("backup", 2, 0.05, 0.0);
    for (Faulty f : List.of(steady, flaky, backup)) { // the whole model is down for 30s
      f.outages.add(new long[] {7 * MINUTE, 7 * MINUTE + 30_000});
    }
    Faulty other = new Faulty("other-model", 1, 0.01, 0.0);
    Route main = new Route("main", ModelConfig.Kind.CHAT, List.of(steady, flaky, backup));
    Route fallback = new Route("fallback", ModelConfig.Kind.CHAT, List.of(other));
    RoutingConfig config = RoutingConfig.defaults()
        .withRetry(new RoutingConfig.Retry(3, Duration.ofMillis(100), Duration.ofSeconds(2),
            Duration.ofSeconds(30), Duration.ofSeconds(5)))
        .withHedge(new RoutingConfig.Hedge(true, new RoutingConfig.Threshold.Observed(0.95, 20),
            5))
        .withFallbacks(Map.of("main", List.of("fallback")));
    HealthBoard board = HealthBoard.create(config, clock);
    HedgePolicy hedge = HedgePolicy.create(config.hedge());
    Attempts attempts = Attempts.create(Router.of(List.of(main, fallback)), board,
        Balancer.create(RoutingConfig.Strategy.LEAST_IN_FLIGHT, board, new SplittableRandom(3)),
        RetryPolicy.create(config.retry(), new SplittableRandom(4)), hedge,
        Fallbacks.create(config), clock);
    Attempts.Call<String> call = Attempts.Call.of((u, r, model, ctx) -> ((Faulty) u).send(ctx));

    List<Future<Attempted<String>>> results = new ArrayList<>();
    Set<BreakerState> steadyStatesInOutage = EnumSet.noneOf(BreakerState.class);
    int n = 0;
    for (long t = 0; t < 10 * MINUTE; t += 100) {
      String id = "req-" + n++;
      started.put(id, clock.millis());
      Future<Attempted<String>> f = attempts.run(main, "main", call, CallContext.create(id));
      f.onComplete(ar -> ended.put(id, clock.millis()));
      results.add(f);
      clock.advanceMillis(100);
      long now = t + 100;
      if (now > 3 * MINUTE + 10_000 && now < 5 * MINUTE) {
        steadyStatesInOutage.add(board.of(steady).state());
      }
    }
    clock.advance(Duration.ofMinutes(1)); // drain

    assertThat(violations).isEmpty();
    assertThat(results).allMatch(Future::isComplete);
    for (Upstream u : List.of(steady, flaky, backup, other)) {
      assertThat(board.of(u).inFlight()).as(u.deployment().id()).isZero();
    }
    long ok = results.stream().filter(Future::succeeded).count();
    assertThat(ok).as("the fleet absorbs the faults").isGreaterThan(results.size() * 97L / 100);
    for (Future<Attempted<String>> f : results) {
      if (f.succeeded()) {
        assertThat(f.result().attempts()).isBetween(1, 6);
      } else {
        assertThat(f.cause()).isInstanceOf(AttemptsFailed.class);
      }
    }
    assertThat(steadyStatesInOutage).as("the outage opened the breaker")
        .contains(BreakerState.OPEN);
    assertThat(board.of(steady).state()).as("recovery closed it").isEqualTo(BreakerState.CLOSED);
    // 1,200 requests arrived during the outage; the breaker let through the calls that opened
    // it (min-calls 10) and then one probe per 30s open period
    assertThat(steady.callsInOutage).as("an open breaker spares the dead deployment")
        .isBetween(10, 40);
    for (HedgeStats s : hedge.stats()) {
      assertThat(s.hedges()).as("budget of %s", s.route())
          .isLessThanOrEqualTo(s.requests() * 5 / 100);
    }
    assertThat(hedge.stats(main).hedges()).as("late first tokens were hedged").isPositive();
    int inOutage = 0;
    int elsewhen = 0;
    for (int i = 0; i < results.size(); i++) {
      Future<Attempted<String>> f = results.get(i);
      if (f.succeeded() && f.result().fallback() != null) {
        assertThat(f.result().fallback())
            .isEqualTo(new Fallback(Fallback.Reason.EXHAUSTED, "main", "fallback"));
        long at = started.get("req-" + i);
        if (at >= 7 * MINUTE - 30_000 && at < 7 * MINUTE + 30_000) {
          inOutage++;
        } else {
          elsewhen++; // three unlucky attempts in a row on the flaky deployments
        }
      }
    }
    assertThat(inOutage).as("the model's outage went to its fallback").isGreaterThan(200);
    assertThat(elsewhen).isLessThan(results.size() / 100);
    assertThat(clock.pending()).as("no timer left behind").isZero();
  }
}
