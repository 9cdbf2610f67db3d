package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import dev.junction.chat.Usage;
import dev.junction.config.ModelConfig;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.GatewayException;
import dev.junction.provider.CallContext;
import dev.junction.provider.Upstream;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Active health probes (the {@code routing.probes} section): every {@code interval}, the
 * smallest real call each deployment can serve is sent through its {@link Upstream} (so its real
 * adapter, credentials and timeouts are used), and the outcome feeds the deployment's {@link
 * DeploymentHealth} through {@link DeploymentHealth#tryProbe()}: a success closes an open
 * breaker (with {@code breaker.probes: 1}, the default) before its open duration ends, a failure
 * keeps it open, a 429 starts the usual cooldown.
 *
 * <ul>
 *   <li>a chat deployment gets {@value #PROMPT} as one user message, {@code max_tokens: 1}, not
 *       streamed; an embedding deployment gets the one word {@value #PROMPT};
 *   <li>{@link RoutingConfig.ProbeMode#OPEN_ONLY} probes deployments whose breaker is OPEN or
 *       HALF_OPEN; {@link RoutingConfig.ProbeMode#ALL} every deployment;
 *   <li>a deployment cooling down after a 429 is never probed (the vendor's stated wait is kept;
 *       a probe cannot shorten it); wildcard routes ({@code openai/*}) are not probed (no model);
 *   <li>a probe never overlaps the previous probe of the same deployment (that deployment is
 *       skipped at a tick while its probe runs); a probe not answered within {@code timeout} is
 *       cancelled and fails as a timeout;
 *   <li>every probe that reached its upstream is reported to the {@link Listener} (the gateway
 *       puts it in the ledger and the metrics: probes cost money).
 * </ul>
 *
 * <p>All waiting goes through the injected {@link Scheduler} and all time through the board's
 * clock. Nothing is scheduled when probes are disabled. {@link #close()} cancels the next tick
 * and the probes in flight. Thread-safe.
 */
public final class HealthProbes implements AutoCloseable {

  /** The prompt (chat) and the input word (embeddings) of every probe. */
  public static final String PROMPT = "ping";
  /** The output cap of a chat probe. */
  public static final int MAX_TOKENS = 1;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("junction");

  private final RoutingConfig.Probes config;
  private final Router router;
  private final HealthBoard board;
  private final Scheduler scheduler;
  private final Listener listener;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<Scheduler.@Nullable Cancellable> nextTick =
      new AtomicReference<>();
  private final ConcurrentMap<String, Probe> running = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  private HealthProbes(RoutingConfig.Probes config, Router router, HealthBoard board,
      Scheduler scheduler, Listener listener) {
    this.config = config;
    this.router = router;
    this.board = board;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  /**
   * Starts probing {@code router}'s deployments as {@code config} says (the first round one
   * interval from now); when it is disabled, returns probes that never send anything.
   */
  public static HealthProbes start(RoutingConfig.Probes config, Router router, HealthBoard board,
      Scheduler scheduler, Listener listener) {
    HealthProbes p = new HealthProbes(requireNonNull(config, "config"),
        requireNonNull(router, "router"), requireNonNull(board, "board"),
        requireNonNull(scheduler, "scheduler"), requireNonNull(listener, "listener"));
    if (config.enabled()) {
      p.arm();
    }
    return p;
  }

  /** Receives the result of every probe that was sent. Must not block; thread-safe. */
  @FunctionalInterface
  public interface Listener {

    /** One probe ended (answered, failed or timed out); not called for probes given up. */
    void onProbe(Result result);
  }

  /** How a probe ended, as the {@code outcome} label of {@code junction_probes_total}. */
  public enum Outcome {
    /** Answered. */
    SUCCESS,
    /** Refused the request itself (a 4xx other than 429): the deployment answered. */
    REJECTED,
    /** 429: the deployment cools down; no verdict on its breaker. */
    RATE_LIMITED,
    /** Connection error, timeout, 5xx, refused credentials: counts as a failure. */
    FAILURE;

    /** The label value: {@code success}, {@code rejected}, {@code rate_limited}, {@code failure}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One probe: its {@code requestId}, the {@code model} (route) and {@code upstream} probed, its
   * {@code kind}, when it started and how long it took, its outcome, the usage the vendor
   * reported (null when none) and the error (null on success).
   */
  public record Result(String requestId, String model, ModelConfig.Kind kind, Upstream upstream,
      Instant startedAt, long latencyMillis, Outcome outcome, @Nullable Usage usage,
      @Nullable GatewayException error) {

    public Result {
      requireNonNull(requestId, "requestId");
      requireNonNull(model, "model");
      requireNonNull(kind, "kind");
      requireNonNull(upstream, "upstream");
      requireNonNull(startedAt, "startedAt");
      requireNonNull(outcome, "outcome");
    }
  }

  /** Probes currently waiting for an answer. */
  int inFlight() {
    return running.size();
  }

  /** The chat request of a probe of model {@code model}. */
  private static ChatRequest chatRequest(String model) {
    ChatRequest r = ChatRequest.of(model, List.of(Message.text(Role.USER, PROMPT)));
    return new ChatRequest(r.model(), r.messages(), false, false, MAX_TOKENS, null, null, null,
        List.of(), List.of(), null, null, null, null, null, null, r.extras());
  }

  /** Stops probing: no further round starts and the probes in flight are cancelled. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Scheduler.Cancellable t = nextTick.getAndSet(null);
    if (t != null) {
      t.cancel();
    }
    running.values().forEach(Probe::abandon);
  }

  private void arm() {
    if (closed.get()) {
      return;
    }
    nextTick.set(scheduler.schedule(config.interval(), this::tick));
    if (closed.get()) { // closed while arming: make sure the new timer does not survive
      Scheduler.Cancellable t = nextTick.getAndSet(null);
      if (t != null) {
        t.cancel();
      }
    }
  }

  /** One round: probes every due deployment once, then schedules the next round. */
  private void tick() {
    if (closed.get()) {
      return;
    }
    try {
      Set<String> seen = new HashSet<>();
      for (Route route : router.routes()) {
        for (Upstream u : route.upstreams()) {
          if (seen.add(u.deployment().id())) {
            probe(route, u);
          }
        }
      }
    } finally {
      arm();
    }
  }

  private void probe(Route route, Upstream upstream) {
    String id = upstream.deployment().id();
    DeploymentHealth health = board.of(upstream);
    if (config.mode() == RoutingConfig.ProbeMode.OPEN_ONLY
        && health.state() == BreakerState.CLOSED) {
      return;
    }
    if (running.containsKey(id)) {
      return; // the previous probe of this deployment is still running
    }
    Optional<DeploymentHealth.Permit> permit = health.tryProbe();
    if (permit.isEmpty()) {
      return; // cooling down after a 429
    }
    long start = board.clock().millis();
    String requestId = "probe-" + start + "-" + sequence.incrementAndGet();
    Probe p = new Probe(requestId, route, upstream, permit.get(), start);
    if (running.putIfAbsent(id, p) != null) {
      permit.get().abandoned();
      return;
    }
    p.send();
  }

  /** One probe in flight: ends exactly once (answer, timeout, or close). */
  private final class Probe {

    private final String requestId;
    private final Route route;
    private final Upstream upstream;
    private final DeploymentHealth.Permit permit;
    private final long start;
    private final CallContext ctx;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Scheduler.@Nullable Cancellable timer;

    Probe(String requestId, Route route, Upstream upstream, DeploymentHealth.Permit permit,
        long start) {
      this.requestId = requestId;
      this.route = route;
      this.upstream = upstream;
      this.permit = permit;
      this.start = start;
      this.ctx = CallContext.create(requestId);
    }

    void send() {
      timer = scheduler.schedule(config.timeout(), () -> {
        if (finish(null, GatewayException.timeout("health probe of deployment '"
            + upstream.deployment().id() + "'"))) {
          ctx.cancel();
        }
      });
      Future<@Nullable Usage> call;
      try {
        call = route.kind() == ModelConfig.Kind.EMBEDDING
            ? upstream.embed(EmbeddingRequest.of(route.name(), List.of(PROMPT)), ctx)
                .map(EmbeddingResponse::usage)
            : upstream.chat(chatRequest(route.name()), ctx).map(ChatResponse::usage);
      } catch (RuntimeException e) {
        call = Future.failedFuture(e);
      }
      call.onComplete(ar -> finish(ar.succeeded() ? ar.result() : null,
          ar.succeeded() ? null : GatewayException.wrap(ar.cause())));
    }

    /** Ends the probe with its usage or its error; false when it had already ended. */
    boolean finish(@Nullable Usage usage, @Nullable GatewayException error) {
      if (!end()) {
        return false;
      }
      Outcome outcome;
      if (error == null) {
        permit.succeeded();
        outcome = Outcome.SUCCESS;
      } else {
        permit.failed(error);
        outcome = switch (FailureKind.of(error)) {
          case RATE_LIMITED -> Outcome.RATE_LIMITED;
          case REQUEST -> Outcome.REJECTED;
          case DEPLOYMENT, CREDENTIALS -> Outcome.FAILURE;
        };
      }
      long now = board.clock().millis();
      try {
        listener.onProbe(new Result(requestId, route.name(), route.kind(), upstream,
            Instant.ofEpochMilli(start), Math.max(0, now - start), outcome, usage, error));
      } catch (RuntimeException e) {
        LOG.warn("probe listener failed for {}: {}", requestId, e.toString());
      }
      return true;
    }

    /** Gives up without a verdict (the probes are closing). */
    void abandon() {
      if (end()) {
        permit.abandoned();
        ctx.cancel();
      }
    }

    private boolean end() {
      if (!ended.compareAndSet(false, true)) {
        return false;
      }
      Scheduler.Cancellable t = timer;
      if (t != null) {
        t.cancel();
      }
      running.remove(upstream.deployment().id(), this);
      return true;
    }
  }
}
