package dev.junction.routing;

import dev.junction.config.ConfigValues;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.provider.CallContext;
import dev.junction.provider.Upstream;
import dev.junction.ratelimit.Pacer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One request's run through {@link Attempts}: a small state machine.
 *
 * <p>Design: {@link #dispatch()} picks an available deployment and {@link #launch launches} an
 * attempt; each attempt ends in {@link #onResult}; success completes the run (cancelling a
 * hedge still in flight), failure asks the {@link RetryPolicy} and either dispatches again (now,
 * or through the {@link Scheduler}), or moves to a fallback route, or fails the run. When no
 * deployment admits a call, the run waits for the earliest cooldown or open breaker to end if
 * that is within {@code retry.max-wait}, else treats the route as exhausted. A deployment with
 * vendor limits is only picked with a pass from its route's {@link Pacing} lane; when every such
 * candidate is full the run waits in the pacer's priority queue (resuming on the request's
 * Vert.x context) and fails with 429 {@code upstream_capacity} after the route's
 * {@code pacing.max-wait}. A deadline timer,
 * armed at the start, fails the run when the request's time is up; the client cancelling does
 * the same. Every entry point holds the run's monitor; a callback that arrives synchronously
 * (an attempt failing at once) re-enters safely because the run's state is updated before any
 * outside code is called. This class is deliberately about 500 lines: the rules (retry, wait,
 * pacing, hedge, fallback, deadline, cancel) act on the same few fields and only make sense
 * together.
 */
final class AttemptRun<T> {

  private final Attempts a;
  private final Attempts.Call<T> call;
  private final CallContext ctx;
  private final String requested;
  private final Promise<Attempted<T>> promise = Promise.promise();
  private final long startMillis;
  private final Set<String> visitedRoutes = new HashSet<>();
  private final Set<String> triedOnRoute = new HashSet<>();
  private final List<Live> live = new ArrayList<>();
  private Route route;
  private String model;
  private int routeAttempts;
  private int attempts;
  private boolean hedged;
  private boolean done;
  private @Nullable Fallback fallback;
  private @Nullable GatewayException lastError;
  private @Nullable Upstream lastUpstream;
  private Scheduler.@Nullable Cancellable deadlineTimer;
  private Scheduler.@Nullable Cancellable waitTimer;
  /** Whether the last {@link #pick} skipped a deployment only because its lane was full. */
  private boolean pacedOut;
  private @Nullable CompletableFuture<Pacer.Pass> pacingWait;
  /** The Vert.x context the run started on (the request's), where paced calls resume. */
  private final @Nullable Context vertxContext = Vertx.currentContext();

  /** One attempt in flight. */
  private final class Live {
    final Upstream upstream;
    final DeploymentHealth.Permit permit;
    final Pacer.@Nullable Pass pass;
    final CallContext attemptCtx;
    boolean hedge;
    long sentAt;
    Scheduler.@Nullable Cancellable hedgeTimer;

    Live(Upstream upstream, DeploymentHealth.Permit permit, Pacer.@Nullable Pass pass) {
      this.upstream = upstream;
      this.permit = permit;
      this.pass = pass;
      this.attemptCtx = CallContext.create(ctx.requestId());
      // the client hanging up ends this call too, even after it won (a stream being relayed);
      // registered after onClientCancel, so the run is already failed when this call ends
      ctx.onCancel(attemptCtx::cancel);
    }
  }

  AttemptRun(Attempts attempts, Route route, String model, Attempts.Call<T> call,
      CallContext ctx) {
    this.a = attempts;
    this.route = route;
    this.model = model;
    this.requested = model;
    this.call = call;
    this.ctx = ctx;
    this.startMillis = attempts.clock.millis();
  }

  Future<Attempted<T>> start() {
    synchronized (this) {
      ctx.onCancel(this::onClientCancel); // runs at once if the client has already gone
      if (done) {
        return promise.future();
      }
      visitedRoutes.add(route.name());
      deadlineTimer = a.scheduler.schedule(a.retry.config().deadline(), this::onDeadline);
      a.hedge.onRequest(route);
      if (call.promptTokens() >= 0) {
        Optional<String> fits = a.fallbacks.forContextWindow(requested, call.promptTokens());
        if (fits.isPresent()) {
          switchTo(fits.get(), Fallback.Reason.CONTEXT_WINDOW);
        }
      }
      dispatch();
    }
    return promise.future();
  }

  private synchronized void dispatch() {
    waitTimer = null;
    if (done) {
      return;
    }
    Live next = pick();
    if (next != null) {
      launch(next, false);
      return;
    }
    Pacing.Paced paced = a.pacing.of(route);
    if (pacedOut && paced != null) {
      awaitPacer(paced);
      return;
    }
    long wait = untilReachable();
    if (wait >= 0) {
      waitTimer = a.scheduler.schedule(Duration.ofMillis(wait), this::dispatch);
      return;
    }
    routeExhausted(lastError != null ? lastError : unavailable());
  }

  /**
   * For a route none of whose deployments admits a call now: the millis until the first one
   * will (its cooldown or open breaker ends), if that is within {@code retry.max-wait} and
   * before the deadline; else -1.
   */
  private long untilReachable() {
    long now = a.clock.millis();
    long soonest = Long.MAX_VALUE;
    for (Upstream u : route.upstreams()) {
      Optional<Instant> at = a.board.of(u).availableAt();
      if (at.isPresent()) {
        soonest = Math.min(soonest, at.get().toEpochMilli());
      }
    }
    if (soonest == Long.MAX_VALUE) {
      return -1;
    }
    long wait = Math.max(0, soonest - now);
    boolean inReach = wait <= a.retry.config().maxWait().toMillis()
        && soonest - startMillis < a.retry.config().deadline().toMillis();
    return inReach ? wait : -1;
  }

  /**
   * An available deployment not in flight, untried ones first, with its permit (and, for a
   * deployment with vendor limits, a pacing pass: one whose lane is full is skipped); or null.
   */
  private @Nullable Live pick() {
    pacedOut = false;
    Pacing.Paced paced = a.pacing.of(route);
    List<Upstream> candidates = a.balancer.candidates(route, call.stream());
    for (boolean retried : new boolean[] {false, true}) {
      for (Upstream u : candidates) {
        if (inFlight(u) || triedOnRoute.contains(u.deployment().id()) != retried) {
          continue;
        }
        Optional<DeploymentHealth.Permit> permit = a.board.of(u).tryAcquire();
        if (permit.isEmpty()) {
          continue;
        }
        if (paced == null || !paced.limits(u)) {
          return new Live(u, permit.get(), null);
        }
        Optional<Pacer.Pass> pass = paced.pacer().tryAcquire(u.deployment().id(), tokens());
        if (pass.isPresent()) {
          return new Live(u, permit.get(), pass.get());
        }
        permit.get().abandoned();
        pacedOut = true;
      }
    }
    return null;
  }

  /** The tokens a paced call is charged up front: the prompt's estimate. */
  private long tokens() {
    return Math.max(0, call.promptTokens());
  }

  /**
   * Every candidate is at its vendor limit: waits in the route's pacer queue (by the call's
   * priority, up to the route's {@code pacing.max-wait}) for a lane, then sends on its deployment.
   */
  private void awaitPacer(Pacing.Paced paced) {
    // only lanes whose deployment can take a call now: a lane of a deployment whose breaker is
    // open or which cools down after a 429 would be granted, refused by its health and asked
    // for again at once
    CompletableFuture<Pacer.Pass> f = paced.pacer().acquire(call.priority(), tokens(), lane -> {
      Upstream u = paced.limited().get(lane);
      return u != null && a.board.of(u).availableAt().isEmpty();
    });
    pacingWait = f;
    f.whenComplete((pass, error) -> onRequestContext(() -> onPaced(paced, f, pass, error)));
  }

  private void onRequestContext(Runnable r) {
    Context c = vertxContext;
    if (c == null || Vertx.currentContext() == c) {
      r.run();
    } else {
      c.runOnContext(v -> r.run());
    }
  }

  private synchronized void onPaced(Pacing.Paced paced, CompletableFuture<Pacer.Pass> f,
      Pacer.@Nullable Pass pass, @Nullable Throwable error) {
    if (pacingWait == f) {
      pacingWait = null;
    }
    if (done) {
      if (pass != null) {
        pass.cancel();
      }
      return;
    }
    if (pass == null) {
      fail(GatewayException.wrap(error instanceof java.util.concurrent.CompletionException c
          && c.getCause() != null ? c.getCause() : error));
      return;
    }
    Upstream u = paced.limited().get(pass.lane().id());
    Optional<DeploymentHealth.Permit> permit =
        u == null ? Optional.empty() : a.board.of(u).tryAcquire();
    if (permit.isEmpty()) {
      // its deployment went out between the grant and now: the pass goes back unused and the
      // run chooses again from a timer, never by recursion
      pass.cancel();
      waitTimer = a.scheduler.schedule(Duration.ZERO, this::dispatch);
      return;
    }
    launch(new Live(u, permit.get(), pass), false);
  }

  private boolean inFlight(Upstream u) {
    for (Live l : live) {
      if (l.upstream.deployment().id().equals(u.deployment().id())) {
        return true;
      }
    }
    return false;
  }

  private void launch(Live l, boolean hedge) {
    attempts++;
    routeAttempts++;
    triedOnRoute.add(l.upstream.deployment().id());
    l.hedge = hedge;
    l.sentAt = a.clock.millis();
    live.add(l);
    if (!hedge && !hedged && a.hedge.enabled()) {
      a.hedge.threshold(l.permit.health()).ifPresent(t ->
          l.hedgeTimer = a.scheduler.schedule(t, () -> onHedgeTimer(l)));
    }
    Route servedRoute = route;
    Future<T> f;
    try {
      f = call.sender().send(l.upstream, route, model, l.attemptCtx);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> onResult(l, servedRoute, ar));
  }

  private synchronized void onHedgeTimer(Live primary) {
    primary.hedgeTimer = null;
    if (done || hedged || !live.contains(primary) || live.size() > 1
        || routeAttempts >= a.retry.config().maxAttempts()) {
      return;
    }
    Live second = pick();
    if (second == null) {
      return;
    }
    Duration elapsed = Duration.ofMillis(a.clock.millis() - primary.sentAt);
    if (!a.hedge.shouldHedge(route, primary.permit.health(), elapsed)) {
      second.permit.abandoned();
      if (second.pass != null) {
        second.pass.cancel(); // never sent: the lane gets its request and tokens back
      }
      return;
    }
    hedged = true;
    launch(second, true);
  }

  private synchronized void onResult(Live l, Route servedRoute, AsyncResult<T> ar) {
    cancel(l.hedgeTimer);
    if (!live.remove(l)) {
      // cancelled before it answered (lost race, deadline, client gone): its permit is settled
      if (ar.succeeded()) {
        call.discard().accept(ar.result());
      }
      return;
    }
    if (ar.succeeded()) {
      succeeded(l, servedRoute, ar.result());
    } else {
      failed(l, GatewayException.wrap(ar.cause()));
    }
  }

  private void succeeded(Live l, Route servedRoute, T value) {
    if (call.stream()) {
      l.permit.firstToken();
    } else {
      l.permit.succeeded();
      if (l.pass != null) {
        long used = call.tokensUsed().applyAsLong(value);
        l.pass.complete(used >= 0 ? used : tokens());
      }
    }
    lastUpstream = l.upstream;
    if (!call.stream() && call.contentFiltered().test(value)) {
      String next = nextFallback(Fallback.Reason.CONTENT_POLICY);
      if (next != null) {
        call.discard().accept(value);
        abandonLive();
        switchTo(next, Fallback.Reason.CONTENT_POLICY);
        dispatch();
        return;
      }
    }
    done = true;
    abandonLive();
    cancelTimers();
    if (l.hedge) {
      a.hedge.hedgeWon(servedRoute);
    }
    promise.complete(new Attempted<>(value, l.upstream, servedRoute, attempts, fallback, hedged,
        call.stream() ? l.permit : null, call.stream() ? l.pass : null, tokens()));
  }

  private void failed(Live l, GatewayException e) {
    l.permit.failed(e);
    if (l.pass != null) {
      l.pass.complete(0); // no answer: only the request counts against the lane
    }
    lastError = e;
    lastUpstream = l.upstream;
    if (!live.isEmpty() || done) {
      return; // the other call of a hedged pair may still answer
    }
    Fallback.Reason special = Fallbacks.isContentPolicy(e) ? Fallback.Reason.CONTENT_POLICY
        : Fallbacks.isContextWindowExceeded(e) ? Fallback.Reason.CONTEXT_WINDOW : null;
    if (special != null) {
      String next = nextFallback(special);
      if (next != null) {
        switchTo(next, special);
        dispatch();
        return;
      }
    }
    Duration elapsed = Duration.ofMillis(a.clock.millis() - startMillis);
    RetryDecision d = a.retry.decide(e, routeAttempts, elapsed, false, otherAvailable(l.upstream));
    switch (d) {
      case RetryDecision.Retry r -> {
        if (!r.otherDeployment() && a.balancer.candidates(route, call.stream()).isEmpty()
            && untilReachable() < 0) {
          routeExhausted(e); // every deployment is out (breakers open) beyond any wait
        } else if (r.delay().isZero()) {
          dispatch();
        } else {
          waitTimer = a.scheduler.schedule(r.delay(), this::dispatch);
        }
      }
      case RetryDecision.Stop s -> {
        if (s.reason().takesFallback()) {
          routeExhausted(e);
        } else {
          fail(e);
        }
      }
    }
  }

  private boolean otherAvailable(Upstream failed) {
    for (Upstream u : a.balancer.candidates(route, call.stream())) {
      if (!u.deployment().id().equals(failed.deployment().id()) && !inFlight(u)) {
        return true;
      }
    }
    return false;
  }

  private void routeExhausted(GatewayException e) {
    String next = a.clock.millis() - startMillis < a.retry.config().deadline().toMillis()
        ? nextFallback(Fallback.Reason.EXHAUSTED) : null;
    if (next == null) {
      fail(e);
      return;
    }
    switchTo(next, Fallback.Reason.EXHAUSTED);
    dispatch();
  }

  /**
   * The next model of the requested model's list for {@code reason} that resolves to a route not
   * visited yet (a context-window fallback must also fit the prompt); null when none is left.
   */
  private @Nullable String nextFallback(Fallback.Reason reason) {
    List<String> list = switch (reason) {
      case EXHAUSTED -> a.fallbacks.onExhausted(requested);
      case CONTENT_POLICY -> a.fallbacks.onContentPolicy(requested);
      case CONTEXT_WINDOW -> a.fallbacks.onContextWindow(requested);
    };
    for (String name : list) {
      Optional<Route> r = a.router.route(name);
      if (r.isPresent() && !visitedRoutes.contains(r.get().name())
          && (reason != Fallback.Reason.CONTEXT_WINDOW
              || a.fallbacks.fits(name, call.promptTokens()))) {
        return name;
      }
    }
    return null;
  }

  private void switchTo(String name, Fallback.Reason reason) {
    Route r = a.router.route(name).orElseThrow();
    route = r;
    model = a.router.canonical(name);
    routeAttempts = 0;
    triedOnRoute.clear();
    visitedRoutes.add(r.name());
    fallback = new Fallback(reason, requested, name);
    a.hedge.onRequest(r);
  }

  private synchronized void onDeadline() {
    deadlineTimer = null;
    if (!done) {
      fail(GatewayException.timeout("the request's deadline of "
          + ConfigValues.formatDuration(a.retry.config().deadline()) + " passed after "
          + attempts + " attempt(s)"));
    }
  }

  private synchronized void onClientCancel() {
    if (!done) {
      fail(GatewayException.of(ErrorKind.INVALID_REQUEST, "request_cancelled",
          "the client cancelled the request"));
    }
  }

  private void fail(GatewayException e) {
    done = true;
    if (!live.isEmpty()) {
      lastUpstream = live.get(0).upstream; // sent, and cut short: the vendor may bill it
    }
    abandonLive();
    cancelTimers();
    promise.tryFail(new AttemptsFailed(e, lastUpstream, attempts, route, fallback, hedged));
  }

  /** Cancels every call in flight; their permits end without a verdict. */
  private void abandonLive() {
    List<Live> cancelled = new ArrayList<>(live);
    live.clear();
    for (Live l : cancelled) {
      cancel(l.hedgeTimer);
      l.permit.abandoned();
      if (l.pass != null) {
        l.pass.complete(tokens());
      }
      l.attemptCtx.cancel();
    }
  }

  private void cancelTimers() {
    CompletableFuture<Pacer.Pass> w = pacingWait;
    pacingWait = null;
    if (w != null) {
      w.cancel(false); // leaves the pacer's queue (a pass granted meanwhile is given back)
    }
    cancel(deadlineTimer);
    cancel(waitTimer);
    deadlineTimer = null;
    waitTimer = null;
  }

  private static void cancel(Scheduler.@Nullable Cancellable t) {
    if (t != null) {
      t.cancel();
    }
  }

  /**
   * No deployment admits a call and none will soon: 429 with the shortest cooldown as its wait
   * when deployments are rate limited, else 503.
   */
  private GatewayException unavailable() {
    long until = Long.MAX_VALUE;
    for (Upstream u : route.upstreams()) {
      Optional<Instant> c = a.board.of(u).cooldownUntil();
      if (c.isPresent()) {
        until = Math.min(until, c.get().toEpochMilli());
      }
    }
    if (until != Long.MAX_VALUE) {
      return GatewayException.upstream(429, "deployments_cooling_down", "every deployment of '"
          + route.name() + "' is rate limited; retry later", until - a.clock.millis());
    }
    return GatewayException.of(ErrorKind.UNAVAILABLE, "no_healthy_deployment",
        "no deployment of '" + route.name() + "' is available (circuit breakers open)");
  }
}
