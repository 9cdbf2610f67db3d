package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ModelConfig;
import dev.junction.error.GatewayException;
import dev.junction.config.DeploymentConfig;
import dev.junction.provider.CallContext;
import dev.junction.ratelimit.Pacer;
import dev.junction.ratelimit.Priority;
import dev.junction.provider.UpstreamErrors;
import dev.junction.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Attempts} end to end over in-memory upstreams and a manual clock: every wait is a
 * scheduled task that runs only when the test advances time.
 */
class AttemptsTest {

  private static final GatewayException E503 =
      GatewayException.upstream(503, null, "unavailable", -1);

  private final ManualClock clock = new ManualClock();
  private final List<String> discarded = new ArrayList<>();
  private HealthBoard board;
  private HedgePolicy hedge;

  /** 3 attempts, backoff 100ms..1s, deadline 30s, max wait 10s, cooldown 5s. */
  private static RoutingConfig base() {
    return RoutingConfig.defaults().withRetry(new RoutingConfig.Retry(3, Duration.ofMillis(100),
        Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10)));
  }

  private Attempts attempts(RoutingConfig config, Route... routes) {
    board = HealthBoard.create(config, clock);
    hedge = HedgePolicy.create(config.hedge());
    return Attempts.create(Router.of(List.of(routes)), board,
        Balancer.create(RoutingConfig.Strategy.WEIGHTED, board, new SplittableRandom(1)),
        RetryPolicy.create(config.retry(), new SplittableRandom(2)), hedge,
        Fallbacks.create(config), clock);
  }

  private static Route route(String name, ScriptedUpstream... ups) {
    return new Route(name, ModelConfig.Kind.CHAT, List.of(ups));
  }

  private static Attempts.Call<String> call() {
    return Attempts.Call.of((u, r, model, ctx) -> ((ScriptedUpstream) u).send(model, ctx));
  }

  private static Future<Attempted<String>> run(Attempts a, Route r, Attempts.Call<String> c) {
    return a.run(r, r.name(), c, CallContext.create("req-1"));
  }

  private static AttemptsFailed failure(Future<?> f) {
    assertThat(f.failed()).as("failed").isTrue();
    assertThat(f.cause()).isInstanceOf(AttemptsFailed.class);
    return (AttemptsFailed) f.cause();
  }

  private Attempts pacedAttempts(RoutingConfig config, Duration maxWait, Route r) {
    board = HealthBoard.create(config, clock);
    hedge = HedgePolicy.create(config.hedge());
    Router router = Router.of(List.of(r));
    return Attempts.create(router, board,
        Balancer.create(RoutingConfig.Strategy.WEIGHTED, board, new SplittableRandom(1)),
        RetryPolicy.create(config.retry(), new SplittableRandom(2)), hedge,
        Fallbacks.create(config), clock,
        Pacing.create(router, Map.of(r.name(), maxWait), clock, clock));
  }

  @Test
  void aDeploymentAtItsVendorLimitIsSkippedAndCallsQueueByPriorityWhenAllAre() {
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1, new DeploymentConfig.Limits(1, 0));
    ScriptedUpstream b = new ScriptedUpstream("b", 1, 2, new DeploymentConfig.Limits(1, 0));
    Route r = route("m", a, b);
    Attempts at = pacedAttempts(base().withRetry(new RoutingConfig.Retry(3,
        Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(10),
        Duration.ofSeconds(10))), Duration.ofMinutes(5), r);
    assertThat(run(at, r, call()).result().upstream().deployment().id()).isEqualTo("a");
    assertThat(run(at, r, call()).result().upstream().deployment().id())
        .as("a's lane is full: b").isEqualTo("b");
    Future<Attempted<String>> low = run(at, r, call().withPriority(Priority.LOW));
    Future<Attempted<String>> high = run(at, r, call().withPriority(Priority.HIGH));
    assertThat(low.isComplete()).isFalse();
    assertThat(high.isComplete()).isFalse();
    clock.advance(Duration.ofSeconds(30)); // half a minute: half a request per lane
    assertThat(high.isComplete()).isFalse();
    clock.advance(Duration.ofSeconds(30)); // both lanes have room again: high first
    assertThat(high.result().attempts()).isEqualTo(1);
    assertThat(low.result()).isNotNull();
    assertThat(a.calls.size() + b.calls.size()).isEqualTo(4);
    assertThat(board.of(a).inFlight() + board.of(b).inFlight()).isZero();
  }

  @Test
  void aPacedCallWaitsForAUsableLaneInsteadOfTakingACoolingDownOnesOverAndOver() {
    // a: tokens-per-minute limit only, cooling down after a 429; b: its one request used
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1,
        new DeploymentConfig.Limits(0, 1_000_000)).fails(GatewayException.upstream(429, null, "slow down", 2_000)).answers("from a");
    ScriptedUpstream b = new ScriptedUpstream("b", 1, 2, new DeploymentConfig.Limits(1, 0))
        .answers("from b");
    Route r = route("m", a, b);
    Attempts at = pacedAttempts(base(), Duration.ofMinutes(5), r);
    Future<Attempted<String>> first = run(at, r, call().withPromptTokens(10));
    assertThat(first.result().value()).isEqualTo("from b");
    Future<Attempted<String>> second = run(at, r, call().withPromptTokens(10));
    assertThat(second.isComplete()).as("a cools down, b's lane is full").isFalse();
    assertThat(a.calls).hasSize(1);
    clock.advance(Duration.ofMillis(2_000 + Pacer.RECHECK_MILLIS));
    assertThat(second.result().value()).isEqualTo("from a");
    assertThat(a.calls).hasSize(2);
    assertThat(board.of(a).inFlight() + board.of(b).inFlight()).isZero();
  }

  @Test
  void aCallThatWaitsLongerThanThePacingMaxWaitFailsWithUpstreamCapacity() {
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1, new DeploymentConfig.Limits(1, 0));
    Route r = route("m", a);
    Attempts at = pacedAttempts(base(), Duration.ofSeconds(5), r);
    assertThat(run(at, r, call()).succeeded()).isTrue();
    Future<Attempted<String>> second = run(at, r, call());
    clock.advance(Duration.ofSeconds(4));
    assertThat(second.isComplete()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    AttemptsFailed e = failure(second);
    assertThat(e.error().status()).isEqualTo(429);
    assertThat(e.error().code()).isEqualTo("upstream_capacity");
    assertThat(e.attempts()).isZero();
    assertThat(a.calls).hasSize(1);
  }

  @Test
  void theFirstDeploymentAnswers() {
    ScriptedUpstream a = new ScriptedUpstream("a").answers("hello");
    Route r = route("m", a);
    Future<Attempted<String>> f = run(attempts(base(), r), r, call());
    assertThat(f.result().value()).isEqualTo("hello");
    assertThat(f.result().headers()).containsExactly(
        Map.entry("x-junction-deployment", "a"), Map.entry("x-junction-attempts", "1"));
    assertThat(board.of(a).inFlight()).isZero();
    assertThat(clock.pending()).as("the deadline timer is cancelled").isZero();
  }

  @Test
  void aFailedAttemptGoesToAnotherDeploymentAtOnce() {
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1).fails(E503);
    ScriptedUpstream b = new ScriptedUpstream("b", 1, 2).answers("from b");
    Route r = route("m", a, b);
    Future<Attempted<String>> f = run(attempts(base(), r), r, call());
    assertThat(f.result().value()).isEqualTo("from b");
    assertThat(f.result().attempts()).isEqualTo(2);
    assertThat(f.result().headers()).containsEntry("x-junction-deployment", "b")
        .containsEntry("x-junction-attempts", "2");
    assertThat(board.of(a).snapshot().failures()).isEqualTo(1);
  }

  @Test
  void theSameDeploymentIsRetriedAfterExactlyTheVendorsWait() {
    ScriptedUpstream a = new ScriptedUpstream("a")
        .fails(GatewayException.upstream(429, null, "slow down", 2_000)).answers("later");
    Route r = route("m", a);
    Future<Attempted<String>> f = run(attempts(base(), r), r, call());
    assertThat(f.isComplete()).isFalse();
    clock.advanceMillis(1_999);
    assertThat(a.calls).hasSize(1);
    clock.advanceMillis(1);
    assertThat(a.calls).hasSize(2);
    assertThat(f.result().value()).isEqualTo("later");
    assertThat(f.result().attempts()).isEqualTo(2);
  }

  @Test
  void theSameDeploymentIsRetriedWithinTheBackoffBound() {
    ScriptedUpstream a = new ScriptedUpstream("a").fails(E503).fails(E503).answers("third");
    Route r = route("m", a);
    Future<Attempted<String>> f = run(attempts(base(), r), r, call());
    clock.advanceMillis(100); // first retry waits within [0, 100ms]
    assertThat(a.calls).hasSize(2);
    clock.advanceMillis(200); // second within [0, 200ms]
    assertThat(a.calls).hasSize(3);
    assertThat(f.result().value()).isEqualTo("third");
  }

  @Test
  void aRateLimitWithoutAWaitHoldsTheRetryUntilTheCooldownEnds() {
    ScriptedUpstream a = new ScriptedUpstream("a")
        .fails(GatewayException.upstream(429, null, "slow down", -1)).answers("ok");
    Route r = route("m", a);
    Future<Attempted<String>> f = run(attempts(base(), r), r, call());
    clock.advanceMillis(4_999); // the backoff (<= 100ms) ends, the 5s cooldown does not
    assertThat(a.calls).hasSize(1);
    clock.advanceMillis(1);
    assertThat(a.calls).hasSize(2);
    assertThat(f.result().value()).isEqualTo("ok");
    assertThat(board.of(a).snapshot().failures()).as("a 429 is no failure").isZero();
    assertThat(board.of(a).snapshot().rateLimited()).isEqualTo(1);
  }

  @Test
  void aRateLimitedDeploymentIsSkippedByLaterRequestsUntilItsCooldownEnds() {
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1)
        .fails(GatewayException.upstream(429, null, "slow down", 5_000));
    ScriptedUpstream b = new ScriptedUpstream("b", 1, 2);
    Route r = route("m", a, b);
    Attempts at = attempts(base(), r);
    assertThat(run(at, r, call()).result().upstream()).isSameAs(b);
    assertThat(run(at, r, call()).result().upstream()).isSameAs(b);
    assertThat(a.calls).hasSize(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(run(at, r, call()).result().upstream()).isSameAs(a);
  }

  @Test
  void exhaustedRetriesTakeTheFallbackModel() {
    ScriptedUpstream a = new ScriptedUpstream("a").failsTimes(3, E503);
    ScriptedUpstream c = new ScriptedUpstream("c").answers("from claude");
    Route gpt = route("gpt-4o", a);
    Route claude = route("claude", c);
    RoutingConfig config = base().withFallbacks(Map.of("gpt-4o", List.of("missing", "claude")));
    Future<Attempted<String>> f = run(attempts(config, gpt, claude), gpt, call());
    clock.advance(Duration.ofSeconds(1));
    assertThat(a.calls).hasSize(3);
    assertThat(f.result().value()).isEqualTo("from claude");
    assertThat(c.calls.get(0).model()).isEqualTo("claude");
    assertThat(f.result().route()).isSameAs(claude);
    assertThat(f.result().attempts()).isEqualTo(4);
    assertThat(f.result().headers())
        .containsEntry("x-junction-fallback", "claude; reason=exhausted; from=gpt-4o")
        .containsEntry("x-junction-deployment", "c");
  }

  @Test
  void theRequestsOwnErrorIsNeitherRetriedNorFallenBackFrom() {
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1)
        .fails(GatewayException.upstream(400, "invalid_request_error", "bad field", -1));
    ScriptedUpstream b = new ScriptedUpstream("b", 1, 2);
    Route r = route("m", a, b);
    Route other = route("other", new ScriptedUpstream("o"));
    RoutingConfig config = base().withFallbacks(Map.of("m", List.of("other")));
    AttemptsFailed e = failure(run(attempts(config, r, other), r, call()));
    assertThat(e.error().status()).isEqualTo(400);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.upstream()).isSameAs(a);
    assertThat(b.calls).isEmpty();
    assertThat(board.of(a).snapshot().rejected()).isEqualTo(1);
  }

  @Test
  void theDeadlineCancelsTheCallInFlightAndFailsTheRequest() {
    ScriptedUpstream a = new ScriptedUpstream("a").hangs();
    Route r = route("m", a);
    Future<Attempted<String>> f = run(attempts(base(), r), r, call());
    clock.advance(Duration.ofMillis(29_999));
    assertThat(f.isComplete()).isFalse();
    clock.advanceMillis(1);
    AttemptsFailed e = failure(f);
    assertThat(e.error().code()).isEqualTo("upstream_timeout");
    assertThat(e.error().getMessage()).contains("30s");
    assertThat(a.calls.get(0).ctx().isCancelled()).isTrue();
    assertThat(board.of(a).inFlight()).isZero();
    assertThat(board.of(a).snapshot().failures()).as("cut by us: no verdict").isZero();
  }

  @Test
  void noRetryWaitsPastTheDeadline() {
    ScriptedUpstream a = new ScriptedUpstream("a").hangs()
        .fails(GatewayException.upstream(429, null, "slow", 9_000));
    Route r = route("m", a);
    Future<Attempted<String>> f = run(attempts(base(), r), r, call());
    clock.advance(Duration.ofSeconds(25));
    a.pending(0).fail(GatewayException.upstream(429, null, "slow", 9_000)); // 25s + 9s > 30s
    AttemptsFailed e = failure(f);
    assertThat(e.error().upstreamStatus()).isEqualTo(429);
    assertThat(a.calls).hasSize(1);
  }

  @Test
  void anOpenBreakerIsSkippedAndAnAllOpenRouteAnswers503() {
    RoutingConfig config = base().withBreaker(new RoutingConfig.Breaker(
        RoutingConfig.Breaker.Window.COUNT, 5, Duration.ofSeconds(60), 1, 1.0,
        Duration.ofSeconds(30), 1));
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1).fails(E503);
    ScriptedUpstream b = new ScriptedUpstream("b", 1, 2).fails(E503);
    Route r = route("m", a, b);
    Attempts at = attempts(config, r);
    AttemptsFailed first = failure(run(at, r, call()));
    assertThat(first.error().upstreamStatus()).isEqualTo(503);
    assertThat(first.attempts()).isEqualTo(2);
    assertThat(board.of(a).state()).isEqualTo(BreakerState.OPEN);

    AttemptsFailed second = failure(run(at, r, call()));
    assertThat(second.attempts()).isZero();
    assertThat(second.error().status()).isEqualTo(503);
    assertThat(second.error().code()).isEqualTo("no_healthy_deployment");
    assertThat(a.calls).hasSize(1);

    clock.advance(Duration.ofSeconds(30)); // half-open: one probe each
    Future<Attempted<String>> third = run(at, r, call());
    assertThat(third.result().upstream()).isSameAs(a);
    assertThat(board.of(a).state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aRouteWhoseDeploymentsAllCoolDownAnswers429WithTheWait() {
    ScriptedUpstream a = new ScriptedUpstream("a")
        .fails(GatewayException.upstream(429, null, "slow", 60_000));
    Route r = route("m", a);
    Attempts at = attempts(base(), r);
    failure(run(at, r, call())); // 60s > max-wait 10s
    AttemptsFailed e = failure(run(at, r, call()));
    assertThat(e.attempts()).isZero();
    assertThat(e.error().status()).isEqualTo(429);
    assertThat(e.error().retryAfterMillis()).isEqualTo(60_000);
  }

  @Test
  void aLateFirstTokenIsHedgedAndTheFirstAnswerWins() {
    RoutingConfig config = base().withHedge(new RoutingConfig.Hedge(true,
        new RoutingConfig.Threshold.Fixed(Duration.ofSeconds(1)), 100));
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1).hangs();
    ScriptedUpstream b = new ScriptedUpstream("b", 1, 2).hangs();
    Route r = route("m", a, b);
    Future<Attempted<String>> f = run(attempts(config, r), r, call());
    clock.advanceMillis(999);
    assertThat(b.calls).isEmpty();
    clock.advanceMillis(1);
    assertThat(b.calls).hasSize(1);
    assertThat(board.of(a).inFlight() + board.of(b).inFlight()).isEqualTo(2);

    b.pending(0).complete("hedge answer");
    assertThat(f.result().value()).isEqualTo("hedge answer");
    assertThat(f.result().hedged()).isTrue();
    assertThat(f.result().headers()).containsEntry("x-junction-hedged", "true")
        .containsEntry("x-junction-deployment", "b").containsEntry("x-junction-attempts", "2");
    assertThat(a.calls.get(0).ctx().isCancelled()).as("the loser is cancelled at once").isTrue();
    assertThat(board.of(a).inFlight()).isZero();
    assertThat(board.of(a).snapshot().failures()).isZero();
    assertThat(hedge.stats(r)).isEqualTo(new HedgeStats("m", 1, 1, 0, 1, 0.0));
  }

  @Test
  void aLosingAnswerThatArrivesAnywayIsDiscarded() {
    RoutingConfig config = base().withHedge(new RoutingConfig.Hedge(true,
        new RoutingConfig.Threshold.Fixed(Duration.ofSeconds(1)), 100));
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1).hangs();
    ScriptedUpstream b = new ScriptedUpstream("b", 1, 2).hangsDeaf();
    Route r = route("m", a, b);
    Attempts.Call<String> c = call().streamed(discarded::add);
    Future<Attempted<String>> f = run(attempts(config, r), r, c);
    clock.advance(Duration.ofSeconds(1));
    a.pending(0).complete("primary stream");
    assertThat(f.result().value()).isEqualTo("primary stream");
    assertThat(hedge.stats(r).won()).isZero();
    b.pending(0).complete("late stream");
    assertThat(discarded).containsExactly("late stream");
    assertThat(board.of(b).inFlight()).isZero();
  }

  @Test
  void noHedgeWithoutBudget() {
    RoutingConfig config = base().withHedge(new RoutingConfig.Hedge(true,
        new RoutingConfig.Threshold.Fixed(Duration.ofSeconds(1)), 0));
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1).hangs();
    ScriptedUpstream b = new ScriptedUpstream("b", 1, 2);
    Route r = route("m", a, b);
    Future<Attempted<String>> f = run(attempts(config, r), r, call());
    clock.advance(Duration.ofSeconds(5));
    assertThat(b.calls).isEmpty();
    assertThat(hedge.stats(r).denied()).isEqualTo(1);
    a.pending(0).complete("slow but fine");
    assertThat(f.result().hedged()).isFalse();
  }

  @Test
  void aPromptTooLargeForTheModelGoesToTheFirstModelItFits() {
    RoutingConfig config = new RoutingConfig(RoutingConfig.DEFAULT_STRATEGY,
        RoutingConfig.DEFAULT_EWMA_ALPHA, base().retry(), RoutingConfig.Breaker.DEFAULTS,
        RoutingConfig.DEFAULT_COOLDOWN, RoutingConfig.Hedge.DEFAULTS, Map.of(),
        Map.of("small", List.of("medium", "large")), Map.of(),
        Map.of("small", 8_000L, "medium", 16_000L, "large", 200_000L));
    ScriptedUpstream s = new ScriptedUpstream("s");
    ScriptedUpstream m = new ScriptedUpstream("md");
    ScriptedUpstream l = new ScriptedUpstream("lg");
    Route small = route("small", s);
    Attempts at = attempts(config, small, route("medium", m), route("large", l));
    Future<Attempted<String>> f = run(at, small, call().withPromptTokens(50_000));
    assertThat(f.result().upstream()).isSameAs(l);
    assertThat(f.result().fallback())
        .isEqualTo(new Fallback(Fallback.Reason.CONTEXT_WINDOW, "small", "large"));
    assertThat(s.calls).isEmpty();
    assertThat(m.calls).isEmpty();
    assertThat(run(at, small, call().withPromptTokens(8_000)).result().upstream()).isSameAs(s);
  }

  @Test
  void aVendorsContextLengthErrorTakesTheContextWindowFallback() {
    RoutingConfig config = new RoutingConfig(RoutingConfig.DEFAULT_STRATEGY,
        RoutingConfig.DEFAULT_EWMA_ALPHA, base().retry(), RoutingConfig.Breaker.DEFAULTS,
        RoutingConfig.DEFAULT_COOLDOWN, RoutingConfig.Hedge.DEFAULTS, Map.of(),
        Map.of("small", List.of("large")), Map.of(), Map.of());
    ScriptedUpstream s = new ScriptedUpstream("s").fails(GatewayException.upstream(400,
        "context_length_exceeded", "This model's maximum context length is 8192 tokens", -1));
    ScriptedUpstream l = new ScriptedUpstream("lg").answers("fits");
    Route small = route("small", s);
    Future<Attempted<String>> f = run(attempts(config, small, route("large", l)), small, call());
    assertThat(f.result().value()).isEqualTo("fits");
    assertThat(f.result().fallback().reason()).isEqualTo(Fallback.Reason.CONTEXT_WINDOW);
  }

  @Test
  void aFilteredAnswerTakesTheContentPolicyFallback() {
    RoutingConfig config = contentPolicyConfig();
    ScriptedUpstream a = new ScriptedUpstream("a").answers("FILTERED");
    ScriptedUpstream c = new ScriptedUpstream("c").answers("answered");
    Route gpt = route("gpt-4o", a);
    Future<Attempted<String>> f = run(attempts(config, gpt, route("claude", c)), gpt,
        call().withContentFilter("FILTERED"::equals));
    assertThat(f.result().value()).isEqualTo("answered");
    assertThat(f.result().headers())
        .containsEntry("x-junction-fallback", "claude; reason=content-policy; from=gpt-4o");
    assertThat(board.of(a).snapshot().successes()).as("the deployment did its job").isEqualTo(1);
  }

  @Test
  void azuresRecordedContentFilterErrorTakesTheContentPolicyFallback() {
    GatewayException filtered = UpstreamErrors.decode(400, MultiMap.caseInsensitiveMultiMap(),
        Fixtures.bytes("openai-chat/azure-error-prompt-filtered.json"));
    ScriptedUpstream a = new ScriptedUpstream("a").fails(filtered);
    ScriptedUpstream c = new ScriptedUpstream("c").answers("answered");
    Route gpt = route("gpt-4o", a);
    Future<Attempted<String>> f =
        run(attempts(contentPolicyConfig(), gpt, route("claude", c)), gpt, call());
    assertThat(f.result().upstream()).isSameAs(c);
    assertThat(f.result().fallback().reason()).isEqualTo(Fallback.Reason.CONTENT_POLICY);
  }

  private static RoutingConfig contentPolicyConfig() {
    return new RoutingConfig(RoutingConfig.DEFAULT_STRATEGY, RoutingConfig.DEFAULT_EWMA_ALPHA,
        base().retry(), RoutingConfig.Breaker.DEFAULTS, RoutingConfig.DEFAULT_COOLDOWN,
        RoutingConfig.Hedge.DEFAULTS, Map.of(), Map.of(), Map.of("gpt-4o", List.of("claude")),
        Map.of());
  }

  @Test
  void aStreamKeepsItsDeploymentInFlightUntilItEndsAndIsNeverRetried() {
    ScriptedUpstream a = new ScriptedUpstream("a", 1, 1).answers("stream");
    ScriptedUpstream b = new ScriptedUpstream("b", 1, 2);
    Route r = route("m", a, b);
    Future<Attempted<String>> f = run(attempts(base(), r), r, call().streamed(discarded::add));
    Attempted<String> served = f.result();
    assertThat(board.of(a).inFlight()).isEqualTo(1);
    clock.advanceMillis(700);
    served.streamFailed(GatewayException.connection("connection reset mid-stream", null));
    assertThat(board.of(a).inFlight()).isZero();
    assertThat(board.of(a).snapshot().failures()).isEqualTo(1);
    assertThat(b.calls).as("bytes reached the client: no retry").isEmpty();
    served.streamEnded(); // ignored: already ended
    assertThat(board.of(a).snapshot().successes()).isZero();
  }

  @Test
  void theClientCancellingEndsEveryCallInFlight() {
    ScriptedUpstream a = new ScriptedUpstream("a").hangs();
    Route r = route("m", a);
    CallContext ctx = CallContext.create("req-9");
    Future<Attempted<String>> f = attempts(base(), r).run(r, "m", call(), ctx);
    ctx.cancel();
    assertThat(failure(f).error().code()).isEqualTo("request_cancelled");
    assertThat(a.calls.get(0).ctx().isCancelled()).isTrue();
    assertThat(board.of(a).inFlight()).isZero();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void theClientHangingUpDuringAServedStreamCancelsItsUpstreamCall() {
    ScriptedUpstream a = new ScriptedUpstream("a").answers("stream");
    Route r = route("m", a);
    CallContext ctx = CallContext.create("req-10");
    Future<Attempted<String>> f =
        attempts(base(), r).run(r, "m", call().streamed(discarded::add), ctx);
    assertThat(f.succeeded()).isTrue();
    assertThat(a.calls.get(0).ctx().isCancelled()).isFalse();
    ctx.cancel();
    assertThat(a.calls.get(0).ctx().isCancelled()).isTrue();
    f.result().streamAbandoned();
    assertThat(board.of(a).inFlight()).isZero();
    assertThat(board.of(a).snapshot().failures()).isZero();
  }

  @Test
  void aClientThatHasAlreadyGoneStartsNoCall() {
    ScriptedUpstream a = new ScriptedUpstream("a");
    Route r = route("m", a);
    CallContext ctx = CallContext.create("req-11");
    ctx.cancel();
    Future<Attempted<String>> f = attempts(base(), r).run(r, "m", call(), ctx);
    assertThat(failure(f).attempts()).isZero();
    assertThat(a.calls).isEmpty();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void refusedCredentialsMoveToAnotherDeploymentNeverBackToTheSame() {
    GatewayException auth = GatewayException.upstreamAuth(401, "", "invalid x-api-key");
    ScriptedUpstream a = new ScriptedUpstream("a").fails(auth);
    Route r = route("m", a);
    AttemptsFailed e = failure(run(attempts(base(), r), r, call()));
    assertThat(e.error().code()).isEqualTo("upstream_auth_error");
    assertThat(a.calls).hasSize(1);
  }
}
