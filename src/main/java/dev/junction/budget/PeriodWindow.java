package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;
import java.time.Instant;

/**
 * One budget period: from {@code start} (inclusive) to {@code end} (exclusive, the next reset);
 * {@code end} is null for a total budget, which never resets. Immutable.
 */
public record PeriodWindow(Instant start, @Nullable Instant end) {

  public PeriodWindow {
    requireNonNull(start, "start");
  }
}
