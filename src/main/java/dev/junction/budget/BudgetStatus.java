package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * Where a scope stands in its current period (for the admin API and dashboards): settled {@code
 * spent}, {@code reserved} by calls in flight, in the budget's currency. Immutable.
 */
public record BudgetStatus(String scopeId, Budget budget, PeriodWindow window, BigDecimal spent,
    BigDecimal reserved) {

  public BudgetStatus {
    requireNonNull(scopeId, "scopeId");
    requireNonNull(budget, "budget");
    requireNonNull(window, "window");
    requireNonNull(spent, "spent");
    requireNonNull(reserved, "reserved");
  }

  /** What new calls may still reserve: amount minus spent minus reserved, never below zero. */
  public BigDecimal remaining() {
    return budget.amount().subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
  }
}
