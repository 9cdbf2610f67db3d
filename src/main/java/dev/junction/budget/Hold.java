package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A reservation's share in one bucket: {@code amount} reserved there (in the budget's currency)
 * and the hard {@code limit} it was checked against, or null for a soft budget. Immutable.
 */
public record Hold(BucketKey bucket, BigDecimal amount, @Nullable BigDecimal limit) {

  public Hold {
    requireNonNull(bucket, "bucket");
    requireNonNull(amount, "amount");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("hold amount must be >= 0: " + amount.toPlainString());
    }
  }
}
