package dev.junction.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A clock that moves only when told, and a scheduler on it: {@link #advance} runs every task
 * that falls due, in time order (tasks scheduled meanwhile included), with the clock set to
 * each task's time. Tests never sleep.
 */
final class ManualClock implements InstantSource, Scheduler {

  private long now;
  private long seq;
  private final List<Task> tasks = new ArrayList<>();

  private final class Task implements Cancellable {
    final long at;
    final long order;
    final Runnable run;
    boolean cancelled;

    Task(long at, long order, Runnable run) {
      this.at = at;
      this.order = order;
      this.run = run;
    }

    @Override
    public void cancel() {
      synchronized (ManualClock.this) {
        cancelled = true;
        tasks.remove(this);
      }
    }
  }

  ManualClock(long startMillis) {
    this.now = startMillis;
  }

  ManualClock() {
    this(1_700_000_000_000L);
  }

  @Override
  public synchronized Instant instant() {
    return Instant.ofEpochMilli(now);
  }

  @Override
  public synchronized long millis() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(now + delay.toMillis(), seq++, task);
    tasks.add(t);
    return t;
  }

  /** Tasks scheduled and not yet run or cancelled. */
  synchronized int pending() {
    return tasks.size();
  }

  /** Moves time forward by {@code d}, running what falls due on the way. */
  void advance(Duration d) {
    long target;
    synchronized (this) {
      target = now + d.toMillis();
    }
    for (;;) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> t.at <= target)
            .min(Comparator.<Task>comparingLong(t -> t.at).thenComparingLong(t -> t.order))
            .orElse(null);
        if (next == null) {
          now = target;
          return;
        }
        tasks.remove(next);
        now = Math.max(now, next.at);
      }
      next.run.run();
    }
  }

  void advanceMillis(long ms) {
    advance(Duration.ofMillis(ms));
  }
}
