package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.error.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the gateway knows about one deployment from its traffic: calls in flight, moving averages
 * of time to first token and of total time, recent first-token samples (for percentiles), its
 * circuit breaker and its rate-limit cooldown.
 *
 * <p>Every call goes through a {@link Permit}: {@link #tryAcquire()} admits it (or not: breaker
 * open, no probe left, cooling down) and counts it in flight; exactly one of {@link
 * Permit#succeeded()}, {@link Permit#failed(Throwable)} or {@link Permit#abandoned()} ends it.
 * Outcomes are judged by {@link FailureKind}: connection errors, timeouts, 408/409/5xx/529 and
 * refused credentials are failures; a 429 starts a cooldown of the vendor's stated wait (or the
 * configured default) and is <em>not</em> a failure; the request's own 4xx count as successes
 * (the deployment answered).
 *
 * <p>Breaker: see {@link RoutingConfig.Breaker}. The state is one immutable phase swapped by
 * compare-and-set; an outcome only counts for the phase its permit was issued in (a call
 * admitted before the breaker opened cannot close it). OPEN becomes HALF_OPEN lazily, the first
 * time it is looked at after the open duration.
 *
 * <p>Active probes ({@link HealthProbes}) go through {@link #tryProbe()}: a permit that is
 * admitted while the breaker is OPEN (never during a 429 cooldown), is not counted in flight and
 * feeds no latency average. Its success counts as one of the {@code breaker.probes} successes
 * that close the breaker (from OPEN it first moves to HALF_OPEN), so with the default of one
 * probe a successful active probe closes an open breaker at once; its failure opens the breaker
 * again for a full open duration; a 429 starts the cooldown as for any call. In CLOSED its
 * outcome fills the failure window like a client call's.
 *
 * <p>All time comes from the injected {@link InstantSource}. Thread-safe and lock-free except
 * for a time-based window's short critical sections.
 *
 * <p>Design: deliberately one class of about 400 lines (half of it javadoc). The breaker phases,
 * the cooldown, the counters and the {@link Permit} lifecycle share state that must change
 * together; the window, moving average and sample ring are separate package-private classes.
 */
public final class DeploymentHealth {

  private final String deploymentId;
  private final RoutingConfig.Breaker breaker;
  private final long openMillis;
  private final long defaultCooldownMillis;
  private final InstantSource clock;
  private final AtomicReference<Phase> phase;
  private final AtomicLong cooldownUntil = new AtomicLong(Long.MIN_VALUE);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Ewma ttft;
  private final Ewma total;
  private final LatencySamples ttftSamples = new LatencySamples();
  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  private DeploymentHealth(String deploymentId, RoutingConfig config, InstantSource clock) {
    this.deploymentId = deploymentId;
    this.breaker = config.breaker();
    this.openMillis = breaker.openDuration().toMillis();
    this.defaultCooldownMillis = config.cooldown().toMillis();
    this.clock = clock;
    this.ttft = new Ewma(config.ewmaAlpha());
    this.total = new Ewma(config.ewmaAlpha());
    this.phase = new AtomicReference<>(closed(0));
  }

  /** The health of deployment {@code deploymentId}, judged by {@code config}. */
  public static DeploymentHealth create(String deploymentId, RoutingConfig config,
      InstantSource clock) {
    return new DeploymentHealth(requireNonNull(deploymentId, "deploymentId"),
        requireNonNull(config, "config"), requireNonNull(clock, "clock"));
  }

  public String deploymentId() {
    return deploymentId;
  }

  /** The breaker's state now. */
  public BreakerState state() {
    return current(clock.millis()).state;
  }

  /** Whether a call would be admitted now (without taking a permit). */
  public boolean available() {
    long now = clock.millis();
    if (now < cooldownUntil.get()) {
      return false;
    }
    Phase p = current(now);
    return p.state == BreakerState.CLOSED
        || (p.state == BreakerState.HALF_OPEN && p.permitsLeft > 0);
  }

  /** Whether a 429 cooldown is running now. */
  public boolean coolingDown() {
    return clock.millis() < cooldownUntil.get();
  }

  /** The end of the running 429 cooldown, if any. */
  public Optional<Instant> cooldownUntil() {
    long until = cooldownUntil.get();
    return clock.millis() < until ? Optional.of(Instant.ofEpochMilli(until)) : Optional.empty();
  }

  /**
   * When the deployment will admit calls again if it does not now: the end of its cooldown and
   * of its open breaker, whichever is later. Empty when it admits calls now, or when it waits
   * for probes in flight (no time is known).
   */
  public Optional<Instant> availableAt() {
    long now = clock.millis();
    Phase p = current(now);
    long at = Math.max(cooldownUntil.get(), p.state == BreakerState.OPEN ? p.since + openMillis
        : Long.MIN_VALUE);
    if (at > now) {
      return Optional.of(Instant.ofEpochMilli(at));
    }
    return Optional.empty();
  }

  /**
   * Admits one call, counting it in flight: empty while cooling down, while the breaker is open,
   * and in HALF_OPEN when every probe permit is taken.
   */
  public Optional<Permit> tryAcquire() {
    long now = clock.millis();
    if (now < cooldownUntil.get()) {
      return Optional.empty();
    }
    for (;;) {
      Phase p = current(now);
      switch (p.state) {
        case CLOSED -> {
          return Optional.of(new Permit(p.epoch, false, false, now));
        }
        case OPEN -> {
          return Optional.empty();
        }
        case HALF_OPEN -> {
          if (p.permitsLeft == 0) {
            return Optional.empty();
          }
          if (phase.compareAndSet(p, p.withPermits(p.permitsLeft - 1))) {
            return Optional.of(new Permit(p.epoch, true, false, now));
          }
        }
      }
    }
  }

  /**
   * Admits one active health probe ({@link HealthProbes}), whatever the breaker state: empty
   * only while a 429 cooldown runs (a probe never calls a vendor that asked to be left alone).
   * The permit is not counted in flight and its latency feeds no average (a one-token call says
   * nothing about client calls' latency); its outcome feeds the breaker as described above.
   */
  public Optional<Permit> tryProbe() {
    long now = clock.millis();
    if (now < cooldownUntil.get()) {
      return Optional.empty();
    }
    return Optional.of(new Permit(current(now).epoch, false, true, now));
  }

  /** Calls admitted and not yet ended. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Moving average of time to first token, if any call has produced one. */
  public Optional<Duration> ewmaTimeToFirstToken() {
    return duration(ttft.value());
  }

  /** Moving average of total call time, if any call has succeeded. */
  public Optional<Duration> ewmaTotal() {
    return duration(total.value());
  }

  /**
   * The nearest-rank {@code quantile} of the recent first-token times; empty with fewer than
   * {@code minSamples} samples.
   */
  public Optional<Duration> timeToFirstTokenPercentile(double quantile, int minSamples) {
    long ms = ttftSamples.percentile(quantile, minSamples);
    return ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  /** The failure share of the breaker's current window (0 when empty). */
  public double errorRate() {
    long now = clock.millis();
    return current(now).window.tally(now).rate();
  }

  /** Everything above at one instant, for the admin view. */
  public HealthSnapshot snapshot() {
    long now = clock.millis();
    Phase p = current(now);
    FailureWindow.Tally t = p.window.tally(now);
    long cool = cooldownUntil.get();
    return new HealthSnapshot(deploymentId, p.state,
        p.state == BreakerState.OPEN ? Instant.ofEpochMilli(p.since + openMillis) : null,
        now < cool ? Instant.ofEpochMilli(cool) : null, inFlight.get(),
        ewmaTimeToFirstToken().orElse(null), ewmaTotal().orElse(null),
        timeToFirstTokenPercentile(0.95, 1).orElse(null), t.rate(), t.calls(),
        successes.sum(), failures.sum(), rateLimited.sum(), rejected.sum());
  }

  private static Optional<Duration> duration(double millis) {
    return Double.isNaN(millis) ? Optional.empty()
        : Optional.of(Duration.ofNanos(Math.round(millis * 1_000_000)));
  }

  /** The phase now, moving OPEN to HALF_OPEN once the open duration has passed. */
  private Phase current(long now) {
    for (;;) {
      Phase p = phase.get();
      if (p.state != BreakerState.OPEN || now < p.since + openMillis) {
        return p;
      }
      Phase half = new Phase(BreakerState.HALF_OPEN, p.epoch + 1, now, breaker.probes(), 0,
          p.window);
      if (phase.compareAndSet(p, half)) {
        return half;
      }
    }
  }

  private Phase closed(long epoch) {
    return new Phase(BreakerState.CLOSED, epoch, clock.millis(), 0, 0,
        FailureWindow.of(breaker));
  }

  private void succeeded(Permit permit, long now) {
    for (;;) {
      Phase p = phase.get();
      if (p.epoch != permit.epoch) {
        return;
      }
      if (p.state == BreakerState.CLOSED) {
        p.window.record(false, now);
        return;
      }
      Phase next;
      if (p.state == BreakerState.OPEN && permit.active) {
        // an active probe's success: HALF_OPEN with this success already counted
        next = 1 >= breaker.probes() ? closed(p.epoch + 1) : new Phase(BreakerState.HALF_OPEN,
            p.epoch + 1, now, breaker.probes() - 1, 1, p.window);
      } else if (p.state == BreakerState.HALF_OPEN && (permit.probe || permit.active)) {
        next = p.successes + 1 >= breaker.probes() ? closed(p.epoch + 1)
            : new Phase(p.state, p.epoch, p.since, p.permitsLeft, p.successes + 1, p.window);
      } else {
        return;
      }
      if (phase.compareAndSet(p, next)) {
        return;
      }
    }
  }

  private void failed(Permit permit, long now) {
    Phase p = phase.get();
    if (p.epoch != permit.epoch) {
      return;
    }
    if (p.state == BreakerState.CLOSED) {
      p.window.record(true, now);
      FailureWindow.Tally t = p.window.tally(now);
      if (t.calls() >= breaker.minCalls() && t.failures() > 0
          && t.rate() >= breaker.failureRate()) {
        // a CLOSED phase only ever changes to OPEN, so losing this race means it already did
        phase.compareAndSet(p, opened(p, now));
      }
      return;
    }
    while ((p.state == BreakerState.HALF_OPEN && (permit.probe || permit.active)
        || p.state == BreakerState.OPEN && permit.active) && p.epoch == permit.epoch) {
      // a failed probe (half-open or active) opens the breaker for a full open duration
      if (phase.compareAndSet(p, opened(p, now))) {
        return;
      }
      p = phase.get();
    }
  }

  private static Phase opened(Phase from, long now) {
    return new Phase(BreakerState.OPEN, from.epoch + 1, now, 0, 0, from.window);
  }

  /** Gives a probe permit back (the probe ended without a verdict). */
  private void returnProbe(Permit permit) {
    if (!permit.probe) {
      return;
    }
    for (;;) {
      Phase p = phase.get();
      if (p.epoch != permit.epoch || p.state != BreakerState.HALF_OPEN) {
        return;
      }
      if (phase.compareAndSet(p, p.withPermits(p.permitsLeft + 1))) {
        return;
      }
    }
  }

  private void coolDown(long retryAfterMillis, long now) {
    long wait = retryAfterMillis >= 0 ? retryAfterMillis : defaultCooldownMillis;
    cooldownUntil.accumulateAndGet(now + wait, Math::max);
  }

  /**
   * One breaker phase. {@code epoch} grows with every state change; {@code since} is when the
   * phase began; {@code permitsLeft}/{@code successes} count probes in HALF_OPEN; {@code window}
   * is the CLOSED phase's window (kept, frozen, through OPEN and HALF_OPEN for the admin view).
   */
  private record Phase(BreakerState state, long epoch, long since, int permitsLeft,
      int successes, FailureWindow window) {

    Phase withPermits(int permits) {
      return new Phase(state, epoch, since, permits, successes, window);
    }
  }

  /**
   * The admission of one call. End it exactly once; later calls are ignored. Call {@link
   * #firstToken()} when a stream's first token arrives (a whole answer's first token is its
   * end). Thread-safe.
   */
  public final class Permit {

    private final long epoch;
    private final boolean probe;
    private final boolean active;
    private final long startMillis;
    private final AtomicLong firstTokenAt = new AtomicLong(-1);
    private final AtomicBoolean ended = new AtomicBoolean();

    private Permit(long epoch, boolean probe, boolean active, long startMillis) {
      this.epoch = epoch;
      this.probe = probe;
      this.active = active;
      this.startMillis = startMillis;
      if (!active) {
        inFlight.incrementAndGet();
      }
    }

    /** Whether this call is a HALF_OPEN probe. */
    public boolean probe() {
      return probe;
    }

    /** Whether this is an active health probe ({@link DeploymentHealth#tryProbe()}). */
    public boolean active() {
      return active;
    }

    /** The health this permit belongs to. */
    public DeploymentHealth health() {
      return DeploymentHealth.this;
    }

    /** When the call was admitted. */
    public Instant started() {
      return Instant.ofEpochMilli(startMillis);
    }

    /** Records the time to first token (once; ignored after the end). */
    public void firstToken() {
      long now = clock.millis();
      if (!active && !ended.get() && firstTokenAt.compareAndSet(-1, now)) {
        recordFirstToken(now);
      }
    }

    /** The call succeeded: records its latencies and a success for the breaker. */
    public void succeeded() {
      if (!end()) {
        return;
      }
      long now = clock.millis();
      if (!active) {
        if (firstTokenAt.compareAndSet(-1, now)) {
          recordFirstToken(now);
        }
        total.add(now - startMillis);
      }
      successes.increment();
      DeploymentHealth.this.succeeded(this, now);
    }

    /** The call failed with {@code error}; judged by {@link FailureKind}. */
    public void failed(Throwable error) {
      if (!end()) {
        return;
      }
      long now = clock.millis();
      GatewayException e = GatewayException.wrap(requireNonNull(error, "error"));
      switch (FailureKind.of(e)) {
        case RATE_LIMITED -> {
          rateLimited.increment();
          coolDown(e.retryAfterMillis(), now);
          returnProbe(this);
        }
        case DEPLOYMENT, CREDENTIALS -> {
          failures.increment();
          DeploymentHealth.this.failed(this, now);
        }
        case REQUEST -> {
          rejected.increment();
          DeploymentHealth.this.succeeded(this, now);
        }
      }
    }

    /** The call was given up (a lost hedge, a cancelled client): no verdict on the deployment. */
    public void abandoned() {
      if (end()) {
        returnProbe(this);
      }
    }

    private boolean end() {
      if (!ended.compareAndSet(false, true)) {
        return false;
      }
      if (!active) {
        inFlight.decrementAndGet();
      }
      return true;
    }

    private void recordFirstToken(long now) {
      long ms = now - startMillis;
      ttft.add(ms);
      ttftSamples.add(ms);
    }

    @Override
    public String toString() {
      return "Permit[" + deploymentId + (probe ? ", probe" : "") + (active ? ", active" : "")
          + "]";
    }
  }
}
