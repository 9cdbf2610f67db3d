package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/** An exact amount of an ISO 4217 currency. Immutable. */
public record Money(BigDecimal amount, String currency) {

  public Money {
    requireNonNull(amount, "amount");
    requireNonNull(currency, "currency");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must be >= 0: " + amount.toPlainString());
    }
    amount = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
  }

  /** Parses a decimal string, e.g. {@code Money.of("0.25", "USD")}. */
  public static Money of(String amount, String currency) {
    return new Money(new BigDecimal(amount), currency);
  }

  @Override
  public String toString() {
    return amount.toPlainString() + " " + currency;
  }
}
