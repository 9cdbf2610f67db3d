package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One unit of {@code from} is worth {@code rate} units of {@code to}, from {@code effectiveFrom}
 * on. Currencies are ISO 4217 codes; the rate is an exact decimal greater than zero. Immutable.
 */
public record ExchangeRate(String from, String to, BigDecimal rate, Instant effectiveFrom) {

  public ExchangeRate {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(rate, "rate");
    requireNonNull(effectiveFrom, "effectiveFrom");
    if (rate.signum() <= 0) {
      throw new IllegalArgumentException("exchange rate must be > 0: " + rate.toPlainString());
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("exchange rate from " + from + " to itself");
    }
  }
}
