package dev.junction.budget;

import org.slf4j.LoggerFactory;

/**
 * Receives budget alerts. Called on the thread that settled the call, after the store's lock is
 * released: implementations must return at once (a webhook sender hands the event to a queue)
 * and be thread-safe. An exception thrown here is logged and otherwise ignored.
 */
@FunctionalInterface
public interface ThresholdListener {

  /** One threshold was reached for the first time this period. */
  void onThreshold(ThresholdEvent event);

  /** A listener that writes one WARN line per alert to the {@code junction.budget} logger. */
  static ThresholdListener log() {
    org.slf4j.Logger log = LoggerFactory.getLogger("junction.budget");
    return e -> log.warn(e.describe());
  }

  /** This listener, then {@code next}. */
  default ThresholdListener andThen(ThresholdListener next) {
    return e -> {
      onThreshold(e);
      next.onThreshold(e);
    };
  }
}
