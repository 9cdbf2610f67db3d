package dev.junction.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Converts between currencies: the factor from {@code from} to {@code to} in force at {@code at}.
 * {@code dev.junction.pricing.ExchangeRates::rate} is one. Must be thread-safe.
 */
@FunctionalInterface
public interface CurrencyRates {

  /** Only same-currency conversions (factor one); anything else has no rate. */
  CurrencyRates NONE = (from, to, at) -> from.equals(to) ? Optional.of(BigDecimal.ONE)
      : Optional.empty();

  /** The factor, or empty when no rate is known. Equal currencies must give one. */
  Optional<BigDecimal> rate(String from, String to, Instant at);
}
