package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.jspecify.annotations.Nullable;
import java.time.Instant;

/**
 * A reservation refused by a hard budget: which scope, its budget, what was already spent and
 * reserved, the worst case asked for (all in the budget's currency) and when the period resets
 * (null for a total budget). Immutable.
 */
public record BudgetExceeded(
    String scopeId,
    Budget budget,
    BigDecimal spent,
    BigDecimal reserved,
    BigDecimal requested,
    @Nullable Instant resetsAt) implements ReserveOutcome {

  public BudgetExceeded {
    requireNonNull(scopeId, "scopeId");
    requireNonNull(budget, "budget");
    requireNonNull(spent, "spent");
    requireNonNull(reserved, "reserved");
    requireNonNull(requested, "requested");
  }

  /** A message for the client: which budget, how much is left, what the call may cost. */
  public String message() {
    BigDecimal left = budget.amount().subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
    return "Budget exceeded for " + scopeId + ": " + budget.period().wireName() + " budget "
        + plain(budget.amount()) + " " + budget.currency() + ", spent " + plain(spent)
        + ", reserved by calls in flight " + plain(reserved) + ", left " + plain(left)
        + "; this request may cost up to " + plain(requested)
        + (resetsAt == null ? " (the budget does not reset)." : ". The budget resets at "
            + resetsAt + ".");
  }

  private static String plain(BigDecimal v) {
    return v.setScale(Math.min(Math.max(v.scale(), 2), 6), RoundingMode.HALF_EVEN)
        .toPlainString();
  }
}
