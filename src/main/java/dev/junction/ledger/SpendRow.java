package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * One line of a spend report: the {@link Tally} of one period, one group (a model, key, …; the
 * empty string for entries without one) and one currency. Rows in different currencies are never
 * summed together. Immutable.
 *
 * @param period the first day of the bucket (the query's {@code from} for {@link Period#TOTAL})
 */
public record SpendRow(LocalDate period, String group, Tally tally) {

  public SpendRow {
    requireNonNull(period, "period");
    requireNonNull(group, "group");
    requireNonNull(tally, "tally");
  }

  /** The currency of this row's cost. */
  public String currency() {
    return tally.currency();
  }
}
