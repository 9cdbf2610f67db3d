package dev.junction.ratelimit;

import static java.util.Objects.requireNonNull;

import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Keeps calls to one deployment within the vendor's own limits instead of sending calls the
 * vendor would reject with 429.
 *
 * <p>A deployment has one or more {@link Lane}s (one per upstream API key), each with the
 * vendor's RPM and TPM for that key, tracked as token buckets like {@link RateLimiter}'s. {@link
 * #acquire} takes the lane with the most requests left (spreading load across keys); when no lane
 * can take the call it waits in a queue ordered by {@link Priority} (high, normal, low; first come
 * first served within one) for at most {@code maxWait}, then fails with 429 {@code
 * upstream_capacity}. The head of the queue is served first: a large request at the head is not
 * overtaken by smaller ones behind it (no starvation). {@link Pass#complete} corrects the TPM
 * charge with the real count, which may let waiting calls go.
 *
 * <p>Thread-safe: state changes under the pacer's lock; futures complete outside it, on the
 * calling thread or the scheduler's.
 */
public final class Pacer {

  /** One upstream API key's vendor limits (0 = unlimited). */
  public record Lane(String id, long requestsPerMinute, long tokensPerMinute) {
    public Lane {
      requireNonNull(id, "id");
      if (requestsPerMinute < 0 || tokensPerMinute < 0) {
        throw new IllegalArgumentException("lane limits must be >= 0 (0 = unlimited)");
      }
    }
  }

  /** Permission to send one call on {@code lane}; complete it when the call ends. */
  public final class Pass {
    private final int lane;
    private final long tokens;
    private boolean done;

    private Pass(int lane, long tokens) {
      this.lane = lane;
      this.tokens = tokens;
    }

    /** The lane (upstream API key) to send the call with. */
    public Lane lane() {
      return lanes.get(lane);
    }

    /** The call used {@code actualTokens}; corrects the lane's TPM. Only the first call counts. */
    public void complete(long actualTokens) {
      finish(this, actualTokens, false);
    }

    /**
     * The call was never sent: gives the request and its tokens back to the lane. Only the first
     * {@code complete} or {@code cancel} counts.
     */
    public void cancel() {
      finish(this, 0, true);
    }
  }

  private record Waiter(Priority priority, long seq, long tokens, long deadline,
      Predicate<String> usable, CompletableFuture<Pass> future) {}

  /**
   * How soon a waiter looks again at a lane it could not use (its deployment was out: breaker
   * open, cooling down): such a lane may come back without any pass completing.
   */
  public static final long RECHECK_MILLIS = 250;

  private final String deployment;
  private final List<Lane> lanes;
  private final List<@Nullable TokenBucket> rpm = new ArrayList<>();
  private final List<@Nullable TokenBucket> tpm = new ArrayList<>();
  private final long maxWaitMillis;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final PriorityQueue<Waiter> queue = new PriorityQueue<>(
      Comparator.comparing(Waiter::priority).thenComparingLong(Waiter::seq));
  private long seq;
  private long wakeAt = Long.MAX_VALUE;
  private @Nullable Runnable cancelWake;

  private Pacer(String deployment, List<Lane> lanes, long maxWaitMillis, InstantSource clock,
      Scheduler scheduler) {
    this.deployment = deployment;
    this.lanes = lanes;
    this.maxWaitMillis = maxWaitMillis;
    this.clock = clock;
    this.scheduler = scheduler;
    long now = clock.millis();
    for (Lane l : lanes) {
      rpm.add(l.requestsPerMinute() == 0 ? null : new TokenBucket(l.requestsPerMinute(), now));
      tpm.add(l.tokensPerMinute() == 0 ? null : new TokenBucket(l.tokensPerMinute(), now));
    }
  }

  /** A pacer for {@code deployment} over {@code lanes}, waiting at most {@code maxWait}. */
  public static Pacer of(String deployment, List<Lane> lanes, Duration maxWait,
      InstantSource clock, Scheduler scheduler) {
    requireNonNull(deployment, "deployment");
    if (lanes.isEmpty()) {
      throw new IllegalArgumentException("a pacer needs at least one lane");
    }
    return new Pacer(deployment, List.copyOf(lanes), maxWait.toMillis(),
        requireNonNull(clock, "clock"), requireNonNull(scheduler, "scheduler"));
  }

  /**
   * A pass for a call of {@code tokens} estimated tokens: at once when a lane has room and nobody
   * waits, else when its turn comes, or a failed future (429 {@code upstream_capacity}) after the
   * maximum wait.
   */
  public CompletableFuture<Pass> acquire(Priority priority, long tokens) {
    return acquire(priority, tokens, lane -> true);
  }

  /**
   * As {@link #acquire(Priority, long)}, on a lane whose id {@code usable} accepts (a router
   * passes "its deployment can take a call now"); lanes it refuses are looked at again every
   * {@link #RECHECK_MILLIS}. {@code usable} is called under the pacer's lock and must not call
   * back into it.
   */
  public CompletableFuture<Pass> acquire(Priority priority, long tokens,
      Predicate<String> usable) {
    requireNonNull(priority, "priority");
    requireNonNull(usable, "usable");
    CompletableFuture<Pass> f = new CompletableFuture<>();
    List<Runnable> after;
    synchronized (this) {
      long now = clock.millis();
      queue.add(new Waiter(priority, seq++, tokens, now + maxWaitMillis, usable, f));
      after = pump(now);
    }
    after.forEach(Runnable::run);
    return f;
  }

  /**
   * A pass on the lane named {@code laneId} for a call of {@code tokens}, at once, when that lane
   * has room and nobody waits (a waiting call is served first); else empty and nothing changes.
   * For a router that picks the lane itself (skipping lanes at their limit).
   */
  public Optional<Pass> tryAcquire(String laneId, long tokens) {
    requireNonNull(laneId, "laneId");
    int i = 0;
    while (i < lanes.size() && !lanes.get(i).id().equals(laneId)) {
      i++;
    }
    if (i == lanes.size()) {
      throw new IllegalArgumentException("no lane '" + laneId + "' on " + deployment);
    }
    synchronized (this) {
      if (!queue.isEmpty()) {
        return Optional.empty();
      }
      long now = clock.millis();
      TokenBucket r = refreshed(rpm, i, lanes.get(i).requestsPerMinute(), now);
      TokenBucket t = refreshed(tpm, i, lanes.get(i).tokensPerMinute(), now);
      if ((r == null || r.canTake(1)) && (t == null || t.canTake(tokens))) {
        take(i, tokens);
        return Optional.of(new Pass(i, tokens));
      }
      return Optional.empty();
    }
  }

  /** Calls waiting now. */
  public synchronized int waiting() {
    return queue.size();
  }

  private void finish(Pass p, long actualTokens, boolean unsent) {
    List<Runnable> after;
    synchronized (this) {
      if (p.done) {
        return;
      }
      p.done = true;
      long now = clock.millis();
      TokenBucket b = tpm.get(p.lane);
      if (b != null) {
        b.refill(lanes.get(p.lane).tokensPerMinute(), now);
        long delta = actualTokens - p.tokens;
        if (delta >= 0) {
          b.take(delta);
        } else {
          b.giveBack(-delta);
        }
      }
      TokenBucket r = rpm.get(p.lane);
      if (unsent && r != null) {
        r.refill(lanes.get(p.lane).requestsPerMinute(), now);
        r.giveBack(1);
      }
      after = pump(now);
    }
    after.forEach(Runnable::run);
  }

  private void wake() {
    List<Runnable> after;
    synchronized (this) {
      wakeAt = Long.MAX_VALUE;
      cancelWake = null;
      after = pump(clock.millis());
    }
    after.forEach(Runnable::run);
  }

  /** Serves the queue in order as far as capacity allows; returns completions to run unlocked. */
  private List<Runnable> pump(long now) {
    List<Runnable> after = new ArrayList<>();
    queue.removeIf(w -> {
      if (w.future().isDone()) {
        return true;
      }
      if (w.deadline() <= now && maxWaitMillis >= 0) {
        GatewayException e = GatewayException.of(ErrorKind.RATE_LIMITED, "upstream_capacity",
            "Deployment " + deployment + " is at its vendor rate limit; the call waited "
                + maxWaitMillis + " ms without a free slot.",
            untilFree(w.tokens(), w.usable(), now));
        after.add(() -> w.future().completeExceptionally(e));
        return true;
      }
      return false;
    });
    while (!queue.isEmpty()) {
      Waiter head = queue.peek();
      int lane = freeLane(head.tokens(), head.usable(), now);
      if (lane < 0) {
        break;
      }
      queue.poll();
      take(lane, head.tokens());
      Pass pass = new Pass(lane, head.tokens());
      after.add(() -> {
        if (!head.future().complete(pass)) {
          pass.cancel(); // the caller gave up meanwhile: give the slot back
        }
      });
    }
    scheduleWake(now);
    return after;
  }

  private void scheduleWake(long now) {
    if (queue.isEmpty()) {
      return;
    }
    long next = Long.MAX_VALUE;
    for (Waiter w : queue) {
      next = Math.min(next, w.deadline());
    }
    Waiter head = queue.peek();
    next = Math.min(next, now + Math.max(1, untilFree(head.tokens(), head.usable(), now)));
    if (next < wakeAt) {
      if (cancelWake != null) {
        cancelWake.run();
      }
      wakeAt = next;
      cancelWake = scheduler.schedule(Math.max(0, next - now), this::wake);
    }
  }

  /** The usable lane with the most requests left that can take the call now, or -1. */
  private int freeLane(long tokens, Predicate<String> usable, long now) {
    int best = -1;
    long bestLeft = -1;
    for (int i = 0; i < lanes.size(); i++) {
      if (!usable.test(lanes.get(i).id())) {
        continue;
      }
      TokenBucket r = refreshed(rpm, i, lanes.get(i).requestsPerMinute(), now);
      TokenBucket t = refreshed(tpm, i, lanes.get(i).tokensPerMinute(), now);
      if ((r == null || r.canTake(1)) && (t == null || t.canTake(tokens))) {
        long left = r == null ? Long.MAX_VALUE : r.remaining();
        if (left > bestLeft) {
          best = i;
          bestLeft = left;
        }
      }
    }
    return best;
  }

  private long untilFree(long tokens, Predicate<String> usable, long now) {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < lanes.size(); i++) {
      if (!usable.test(lanes.get(i).id())) {
        min = Math.min(min, RECHECK_MILLIS);
        continue;
      }
      TokenBucket r = refreshed(rpm, i, lanes.get(i).requestsPerMinute(), now);
      TokenBucket t = refreshed(tpm, i, lanes.get(i).tokensPerMinute(), now);
      min = Math.min(min, Math.max(r == null ? 0 : r.millisUntil(1),
          t == null ? 0 : t.millisUntil(tokens)));
    }
    return min;
  }

  private static @Nullable TokenBucket refreshed(List<@Nullable TokenBucket> buckets, int i,
      long limit, long now) {
    TokenBucket b = buckets.get(i);
    if (b != null) {
      b.refill(limit, now);
    }
    return b;
  }

  private void take(int lane, long tokens) {
    TokenBucket r = rpm.get(lane);
    TokenBucket t = tpm.get(lane);
    if (r != null) {
      r.take(1);
    }
    if (t != null) {
      t.take(tokens);
    }
  }
}
