package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A soft alert: the settled spend of {@code scopeId} reached {@code percent} % of its budget in
 * the period {@code window}. Fired once per period per threshold. Immutable.
 */
public record ThresholdEvent(String scopeId, Budget budget, int percent, BigDecimal spent,
    PeriodWindow window, Instant at) {

  public ThresholdEvent {
    requireNonNull(scopeId, "scopeId");
    requireNonNull(budget, "budget");
    requireNonNull(spent, "spent");
    requireNonNull(window, "window");
    requireNonNull(at, "at");
  }

  /** A one-line description, e.g. for a log line or a webhook's text. */
  public String describe() {
    return "budget alert: " + scopeId + " reached " + percent + "% of its "
        + budget.period().wireName() + " budget (spent " + spent.toPlainString() + " of "
        + budget.amount().toPlainString() + " " + budget.currency() + ", period from "
        + window.start() + (window.end() == null ? "" : " to " + window.end()) + ")";
  }
}
