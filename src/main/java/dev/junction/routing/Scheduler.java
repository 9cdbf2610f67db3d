package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Runs a task once after a delay: the only way {@link Attempts} waits (backoff, cooldowns, hedge
 * thresholds, the request deadline), so tests drive it with a manual clock and never sleep.
 * Implementations are thread-safe.
 */
public interface Scheduler {

  /** Runs {@code task} once, {@code delay} from now; the handle cancels it. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that has not run yet can be cancelled; later calls do nothing. */
  interface Cancellable {
    void cancel();
  }

  /**
   * Vert.x timers: called on an event loop, the task runs on that event loop's context (the
   * request's), so a request's callbacks stay on one thread. Delays round up to 1 ms.
   */
  static Scheduler vertx(Vertx vertx) {
    requireNonNull(vertx, "vertx");
    return (delay, task) -> {
      long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> task.run());
      return () -> vertx.cancelTimer(id);
    };
  }
}
