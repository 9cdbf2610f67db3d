package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Usage;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.ModelConfig;
import dev.junction.config.Timeouts;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.GatewayException;
import dev.junction.provider.CallContext;
import dev.junction.provider.ChatStream;
import dev.junction.provider.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Active health probes on a manual clock and scheduler: what is probed when (disabled, open-only,
 * all), what a probe sends, and what its outcome does to the breaker and the cooldown.
 */
class HealthProbesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final GatewayException E500 = GatewayException.upstream(500, null, "boom", -1);
  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Duration OPEN = Duration.ofMinutes(10);

  private final ManualClock clock = new ManualClock();
  private final List<HealthProbes.Result> results = new ArrayList<>();

  /** Opens after 2 failures of 2 calls, for 10 minutes; one probe closes it; 5s cooldown. */
  private static RoutingConfig routing(RoutingConfig.Probes probes, int breakerProbes) {
    return RoutingConfig.defaults().withBreaker(new RoutingConfig.Breaker(
            RoutingConfig.Breaker.Window.COUNT, 2, Duration.ofSeconds(60), 2, 0.5, OPEN,
            breakerProbes))
        .withProbes(probes);
  }

  private static RoutingConfig.Probes probes(RoutingConfig.ProbeMode mode, Duration timeout) {
    return new RoutingConfig.Probes(true, INTERVAL, timeout, mode);
  }

  private static RoutingConfig.Probes openOnly() {
    return probes(RoutingConfig.ProbeMode.OPEN_ONLY, Duration.ofSeconds(10));
  }

  /** An upstream answering probes from a script (an empty script answers at once). */
  private static final class ProbedUpstream implements Upstream {
    private final DeploymentConfig deployment;
    private final Deque<Object> script = new ArrayDeque<>();
    final List<ChatRequest> chats = new ArrayList<>();
    final List<EmbeddingRequest> embeddings = new ArrayList<>();
    final List<CallContext> contexts = new ArrayList<>();

    ProbedUpstream(String id) {
      this.deployment = new DeploymentConfig(id, "openai", "m-" + id, null, null, Map.of(), 1, 1,
          Timeouts.DEFAULTS, JsonNodeFactory.instance.objectNode());
    }

    ProbedUpstream fails(GatewayException e) {
      script.add(e);
      return this;
    }

    /** The next call never answers (until cancelled). */
    ProbedUpstream hangs() {
      script.add("hang");
      return this;
    }

    int calls() {
      return chats.size() + embeddings.size();
    }

    private <T> Future<T> answer(CallContext ctx, T value) {
      contexts.add(ctx);
      Object next = script.poll();
      if (next instanceof GatewayException e) {
        return Future.failedFuture(e);
      }
      if ("hang".equals(next)) {
        Promise<T> p = Promise.promise();
        ctx.onCancel(() -> p.tryFail(GatewayException.connection("cancelled", null)));
        return p.future();
      }
      return Future.succeededFuture(value);
    }

    @Override
    public DeploymentConfig deployment() {
      return deployment;
    }

    @Override
    public Future<ChatResponse> chat(ChatRequest request, CallContext ctx) {
      chats.add(request);
      return answer(ctx, new ChatResponse("id", deployment.model(), 1, List.of(),
          Usage.fromOpenAi(5, 1, 0, 0, 0), null));
    }

    @Override
    public Future<ChatStream> stream(ChatRequest request, CallContext ctx) {
      throw new AssertionError("a probe is never streamed");
    }

    @Override
    public Future<EmbeddingResponse> embed(EmbeddingRequest request, CallContext ctx) {
      embeddings.add(request);
      return answer(ctx, new EmbeddingResponse(deployment.model(), List.of(new float[] {1f}),
          Usage.fromOpenAi(1, 0, 0, 0, 0)));
    }
  }

  private HealthProbes start(RoutingConfig config, HealthBoard board, Route... routes) {
    return HealthProbes.start(config.probes(), Router.of(List.of(routes)), board, clock,
        results::add);
  }

  private static Route chat(String name, Upstream... ups) {
    return new Route(name, ModelConfig.Kind.CHAT, List.of(ups));
  }

  private static void open(DeploymentHealth h) {
    h.tryAcquire().orElseThrow().failed(E500);
    h.tryAcquire().orElseThrow().failed(E500);
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void disabledByDefaultSendsNothing() {
    assertThat(RoutingConfig.defaults().probes().enabled()).isFalse();
    ProbedUpstream a = new ProbedUpstream("a");
    RoutingConfig config = routing(RoutingConfig.Probes.DEFAULTS, 1);
    HealthBoard board = HealthBoard.create(config, clock);
    open(board.of(a));
    start(config, board, chat("gpt", a));
    assertThat(clock.pending()).as("nothing scheduled").isZero();
    clock.advance(Duration.ofHours(1));
    assertThat(a.calls()).isZero();
    assertThat(results).isEmpty();
  }

  @Test
  void aSuccessfulProbeClosesAnOpenBreakerBeforeItsOpenDurationEnds() {
    ProbedUpstream a = new ProbedUpstream("a");
    RoutingConfig config = routing(openOnly(), 1);
    HealthBoard board = HealthBoard.create(config, clock);
    Route route = chat("gpt", a);
    DeploymentHealth h = board.of(a);
    open(h);
    assertThat(board.serviceable(route)).isFalse();
    start(config, board, route);

    clock.advance(INTERVAL);

    assertThat(a.chats).hasSize(1);
    ChatRequest sent = a.chats.get(0);
    assertThat(sent.maxTokens()).isEqualTo(1);
    assertThat(sent.stream()).isFalse();
    assertThat(sent.model()).isEqualTo("gpt");
    assertThat(sent.messages()).hasSize(1);
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(h.available()).isTrue();
    assertThat(board.serviceable(route)).isTrue();
    assertThat(clock.instant()).isBefore(Instant.ofEpochMilli(1_700_000_000_000L).plus(OPEN));
    assertThat(h.inFlight()).isZero();
    assertThat(h.ewmaTotal()).as("a probe's latency feeds no average").isEmpty();
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(HealthProbes.Outcome.SUCCESS);
      assertThat(r.model()).isEqualTo("gpt");
      assertThat(r.upstream()).isSameAs(a);
      assertThat(r.usage()).isNotNull();
      assertThat(r.error()).isNull();
    });

    clock.advance(INTERVAL);
    assertThat(a.calls()).as("closed again: open-only probes no more").isEqualTo(1);
  }

  @Test
  void withSeveralBreakerProbesASuccessMovesOpenToHalfOpenWithOneSuccessCounted() {
    ProbedUpstream a = new ProbedUpstream("a");
    RoutingConfig config = routing(openOnly(), 2);
    HealthBoard board = HealthBoard.create(config, clock);
    DeploymentHealth h = board.of(a);
    open(h);
    start(config, board, chat("gpt", a));

    clock.advance(INTERVAL);
    assertThat(h.state()).isEqualTo(BreakerState.HALF_OPEN);
    h.tryAcquire().orElseThrow().succeeded(); // one client call completes the two
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aFailedProbeKeepsTheBreakerOpenForAFullOpenDuration() {
    ProbedUpstream a = new ProbedUpstream("a").fails(E500).fails(E500);
    RoutingConfig config = routing(openOnly(), 1);
    HealthBoard board = HealthBoard.create(config, clock);
    DeploymentHealth h = board.of(a);
    open(h);
    start(config, board, chat("gpt", a));

    clock.advance(INTERVAL);
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
    assertThat(h.availableAt()).contains(clock.instant().plus(OPEN));
    clock.advance(INTERVAL);
    assertThat(a.calls()).isEqualTo(2);
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
    assertThat(h.snapshot().failures()).isEqualTo(4);
    assertThat(results).extracting(HealthProbes.Result::outcome)
        .containsExactly(HealthProbes.Outcome.FAILURE, HealthProbes.Outcome.FAILURE);

    clock.advance(INTERVAL);
    assertThat(h.state()).as("the third probe answers").isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aRateLimitCooldownIsNeitherProbedNorShortened() {
    ProbedUpstream a = new ProbedUpstream("a");
    RoutingConfig config = routing(openOnly(), 1);
    HealthBoard board = HealthBoard.create(config, clock);
    DeploymentHealth h = board.of(a);
    open(h);
    // the probe itself is told to wait 100 s
    a.fails(GatewayException.upstream(429, null, "slow down", 100_000));
    start(config, board, chat("gpt", a));

    clock.advance(INTERVAL);
    assertThat(results).extracting(HealthProbes.Result::outcome)
        .containsExactly(HealthProbes.Outcome.RATE_LIMITED);
    Instant until = clock.instant().plusSeconds(100);
    assertThat(h.cooldownUntil()).contains(until);
    assertThat(h.state()).as("a 429 is no verdict").isEqualTo(BreakerState.OPEN);

    clock.advance(INTERVAL.multipliedBy(3)); // 90 s: three ticks inside the cooldown
    assertThat(a.calls()).as("no probe during the vendor's wait").isEqualTo(1);
    assertThat(h.cooldownUntil()).contains(until);

    clock.advance(INTERVAL); // 120 s after the 429: the cooldown is over
    assertThat(a.calls()).isEqualTo(2);
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aClosedBreakerCoolingDownIsNotProbedInModeAll() {
    ProbedUpstream a = new ProbedUpstream("a");
    RoutingConfig config = routing(probes(RoutingConfig.ProbeMode.ALL, Duration.ofSeconds(10)),
        1);
    HealthBoard board = HealthBoard.create(config, clock);
    DeploymentHealth h = board.of(a);
    h.tryAcquire().orElseThrow().failed(GatewayException.upstream(429, null, "wait", 45_000));
    start(config, board, chat("gpt", a));

    clock.advance(INTERVAL);
    assertThat(a.calls()).isZero();
    clock.advance(INTERVAL);
    assertThat(a.calls()).isEqualTo(1);
  }

  @Test
  void openOnlyProbesOpenDeploymentsAndAllProbesEveryDeployment() {
    for (RoutingConfig.ProbeMode mode : RoutingConfig.ProbeMode.values()) {
      ProbedUpstream down = new ProbedUpstream("down");
      ProbedUpstream up = new ProbedUpstream("up");
      ProbedUpstream vectors = new ProbedUpstream("vectors");
      RoutingConfig config = routing(probes(mode, Duration.ofSeconds(10)), 1);
      HealthBoard board = HealthBoard.create(config, clock);
      down.fails(E500).fails(E500).fails(E500);
      open(board.of(down));
      HealthProbes p = start(config, board, chat("gpt", down, up),
          new Route("embed", ModelConfig.Kind.EMBEDDING, List.of(vectors)));

      clock.advance(INTERVAL.multipliedBy(3));

      assertThat(down.calls()).as(mode + ": the open one every interval").isEqualTo(3);
      int others = mode == RoutingConfig.ProbeMode.ALL ? 3 : 0;
      assertThat(up.calls()).as(mode.name()).isEqualTo(others);
      assertThat(vectors.embeddings).as(mode.name()).hasSize(others);
      if (others > 0) {
        assertThat(vectors.embeddings.get(0).input()).containsExactly(HealthProbes.PROMPT);
        assertThat(board.of(up).ewmaTotal()).isEmpty();
        assertThat(board.of(up).inFlight()).isZero();
      }
      p.close();
      results.clear();
    }
  }

  @Test
  void aProbeNeverOverlapsTheLastOneAndTimesOut() {
    ProbedUpstream a = new ProbedUpstream("a").hangs();
    // a timeout longer than the interval: the ticks at 60 s and 90 s find the probe running
    RoutingConfig config = routing(probes(RoutingConfig.ProbeMode.OPEN_ONLY,
        Duration.ofSeconds(75)), 1);
    HealthBoard board = HealthBoard.create(config, clock);
    DeploymentHealth h = board.of(a);
    open(h);
    HealthProbes p = start(config, board, chat("gpt", a));

    clock.advance(INTERVAL);
    assertThat(p.inFlight()).isEqualTo(1);
    clock.advance(INTERVAL.multipliedBy(2));
    assertThat(a.calls()).as("no overlap").isEqualTo(1);
    clock.advance(Duration.ofSeconds(15)); // 105 s: 75 s after the probe started
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(HealthProbes.Outcome.FAILURE);
      assertThat(r.error().code()).isEqualTo("upstream_timeout");
      assertThat(r.latencyMillis()).isEqualTo(75_000);
    });
    assertThat(a.contexts.get(0).isCancelled()).isTrue();
    assertThat(p.inFlight()).isZero();
    assertThat(h.state()).isEqualTo(BreakerState.OPEN);
    clock.advance(Duration.ofSeconds(15)); // the tick at 120 s probes again, and it answers
    assertThat(a.calls()).isEqualTo(2);
    assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void closeStopsTheTicksAndCancelsTheProbeInFlight() {
    ProbedUpstream a = new ProbedUpstream("a").hangs();
    RoutingConfig config = routing(openOnly(), 1);
    HealthBoard board = HealthBoard.create(config, clock);
    DeploymentHealth h = board.of(a);
    open(h);
    HealthProbes p = start(config, board, chat("gpt", a));
    clock.advance(INTERVAL);
    assertThat(p.inFlight()).isEqualTo(1);

    p.close();

    assertThat(clock.pending()).as("no tick, no timeout left").isZero();
    assertThat(a.contexts.get(0).isCancelled()).isTrue();
    assertThat(results).as("no verdict on a probe given up").isEmpty();
    clock.advance(Duration.ofHours(1));
    assertThat(a.calls()).isEqualTo(1);
    assertThat(h.state()).as("the open duration passed; nothing else happened")
        .isEqualTo(BreakerState.HALF_OPEN);
  }

  @Test
  void aProbePermitIsAdmittedWhileOpenButNeverWhileCoolingDown() {
    RoutingConfig config = routing(openOnly(), 1);
    DeploymentHealth h = DeploymentHealth.create("d", config, clock);
    open(h);
    assertThat(h.tryAcquire()).isEmpty();
    DeploymentHealth.Permit probe = h.tryProbe().orElseThrow();
    assertThat(probe.active()).isTrue();
    assertThat(h.inFlight()).isZero();
    probe.failed(GatewayException.upstream(429, null, "wait", 10_000));
    assertThat(h.tryProbe()).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(h.tryProbe()).isPresent();
  }

  @Test
  void theSectionReadsFromYamlWithDefaultsAndIsValidated() throws Exception {
    RoutingConfig.Probes p = RoutingConfig.fromNode(yaml(
        "routing: {probes: {enabled: true, interval: 1m, timeout: 5s, mode: all}}")).probes();
    assertThat(p).isEqualTo(new RoutingConfig.Probes(true, Duration.ofMinutes(1),
        Duration.ofSeconds(5), RoutingConfig.ProbeMode.ALL));
    RoutingConfig.Probes d = RoutingConfig.fromNode(yaml("routing: {probes: {enabled: true}}"))
        .probes();
    assertThat(d.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.mode()).isEqualTo(RoutingConfig.ProbeMode.OPEN_ONLY);
    assertThat(RoutingConfig.fromNode(yaml("routing: {strategy: weighted}")).probes())
        .isEqualTo(RoutingConfig.Probes.DEFAULTS);

    rejects("routing: {probes: {interval: -5s}}",
        "routing.probes.interval: -5s (expected: > 0)");
    rejects("routing: {probes: {timeout: 0s}}", "routing.probes.timeout: 0ms (expected: > 0)");
    rejects("routing: {probes: {mode: sometimes}}",
        "routing.probes.mode: sometimes (expected: open-only or all)");
    rejects("routing: {probes: {every: 5s}}",
        "routing.probes.every: unknown key (expected one of: enabled, interval, timeout, mode)");
  }

  private static JsonNode yaml(String text) throws Exception {
    return YAML.readTree(text).get("routing");
  }

  private static void rejects(String text, String message) {
    assertThatThrownBy(() -> RoutingConfig.fromNode(yaml(text)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
