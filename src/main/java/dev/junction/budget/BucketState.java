package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * A bucket's counters: {@code spent}, the settled cost of finished calls; {@code reserved}, the
 * worst-case cost of calls in flight; {@code alertedPercent}, the highest alert threshold already
 * fired this period (0 for none). Amounts are in the budget's currency. Immutable.
 */
public record BucketState(BucketKey key, BigDecimal spent, BigDecimal reserved,
    int alertedPercent) {

  public BucketState {
    requireNonNull(key, "key");
    requireNonNull(spent, "spent");
    requireNonNull(reserved, "reserved");
    spent = spent.signum() == 0 ? BigDecimal.ZERO : spent.stripTrailingZeros();
    reserved = reserved.signum() == 0 ? BigDecimal.ZERO : reserved.stripTrailingZeros();
  }

  /** An empty bucket. */
  public static BucketState empty(BucketKey key) {
    return new BucketState(key, BigDecimal.ZERO, BigDecimal.ZERO, 0);
  }

  /** Spent plus reserved: what a hard limit is checked against. */
  public BigDecimal committed() {
    return spent.add(reserved);
  }
}
