package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A spend report's question: the UTC days {@code from} to {@code to} (both included), grouped by
 * {@code period} and {@code by}. Immutable.
 */
public record SpendQuery(LocalDate from, LocalDate to, Dimension by, Period period) {

  public SpendQuery {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(by, "by");
    requireNonNull(period, "period");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(
          "--to: " + to + " is before --from " + from + " (expected: to >= from)");
    }
  }
}
