package dev.junction.routing;

/**
 * The sliding window of call outcomes a circuit breaker judges the failure rate by: the last N
 * calls ({@link CountWindow}) or the calls of the last T ({@link TimeWindow}). Thread-safe.
 */
sealed interface FailureWindow permits CountWindow, TimeWindow {

  /** Records one call's outcome at {@code nowMillis}. */
  void record(boolean failure, long nowMillis);

  /** The calls and failures in the window at {@code nowMillis}. */
  Tally tally(long nowMillis);

  /** The window a breaker config asks for. */
  static FailureWindow of(RoutingConfig.Breaker breaker) {
    return switch (breaker.window()) {
      case COUNT -> new CountWindow(breaker.windowSize());
      case TIME -> new TimeWindow(breaker.windowDuration().toMillis());
    };
  }

  /** Calls and failures counted together. */
  record Tally(int calls, int failures) {

    /** Failures over calls; 0 with no calls. */
    double rate() {
      return calls == 0 ? 0 : failures / (double) calls;
    }
  }
}
