package dev.junction.ratelimit;

/**
 * Runs a task after a delay: Vert.x timers in the gateway ({@code vertx.setTimer}), a hand-moved
 * clock in tests. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Scheduler {

  /** Runs {@code task} once after {@code delayMillis}; returns an action that cancels it. */
  Runnable schedule(long delayMillis, Runnable task);
}
