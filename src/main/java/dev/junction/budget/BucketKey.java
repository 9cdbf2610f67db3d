package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where spend is counted: one scope ({@code key:<id>}, {@code team:<id>}) in one budget period
 * (its kind and start). A new period is a new bucket, which is how budgets reset. Immutable.
 */
public record BucketKey(String scope, BudgetPeriod period, Instant start) {

  public BucketKey {
    requireNonNull(scope, "scope");
    requireNonNull(period, "period");
    requireNonNull(start, "start");
  }
}
