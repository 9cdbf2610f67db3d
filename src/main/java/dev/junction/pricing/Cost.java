package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The cost of one call, per token kind and in total, in {@code currency}.
 *
 * <p><b>Exactness.</b> Amounts are exact {@link BigDecimal}s: a count (a {@code long}) times a
 * decimal price per million, shifted six places. Nothing is rounded here, so summing the costs of
 * many calls equals pricing their summed usage, to the last digit. The scale is whatever the
 * product needs: at most the price's scale plus six (for the built-in catalogue, at most 16
 * decimal places). Round only when presenting ({@code total().setScale(6, HALF_EVEN)}) or when a
 * store needs a fixed scale.
 *
 * <p><b>Completeness.</b> {@code priced} is false when the model has no price at all: then every
 * amount is zero, {@code currency} is {@code XXX} (ISO 4217 "no currency") and {@code unpriced}
 * lists every kind that had tokens. When the model is priced but a kind with tokens has no rate
 * (say cache reads on a model whose cache-read price is unknown), that kind is listed in {@code
 * unpriced}, contributes zero, and the cost is <em>partial</em>. A zero total is only trustworthy
 * when {@link #complete()} is true. {@code estimated} carries {@link
 * dev.junction.chat.Usage#estimated()}. Immutable and thread-safe.
 */
public record Cost(
    BigDecimal input,
    BigDecimal cacheRead,
    BigDecimal cacheWrite5m,
    BigDecimal cacheWrite1h,
    BigDecimal output,
    BigDecimal reasoning,
    BigDecimal total,
    String currency,
    boolean priced,
    Set<TokenKind> unpriced,
    boolean estimated) {

  /** ISO 4217 code for "no currency", used by unpriced costs. */
  public static final String NO_CURRENCY = "XXX";

  public Cost {
    input = norm(input, "input");
    cacheRead = norm(cacheRead, "cacheRead");
    cacheWrite5m = norm(cacheWrite5m, "cacheWrite5m");
    cacheWrite1h = norm(cacheWrite1h, "cacheWrite1h");
    output = norm(output, "output");
    reasoning = norm(reasoning, "reasoning");
    total = norm(total, "total");
    requireNonNull(currency, "currency");
    unpriced = unpriced.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(unpriced));
    BigDecimal sum = input.add(cacheRead).add(cacheWrite5m).add(cacheWrite1h).add(output)
        .add(reasoning);
    if (sum.compareTo(total) != 0) {
      throw new IllegalArgumentException("total " + total + " is not the sum of its parts " + sum);
    }
  }

  /** A cost for a model without a price: zero amounts, flagged, never mistaken for free. */
  public static Cost unpriced(Set<TokenKind> kindsWithTokens, boolean estimated) {
    return new Cost(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
        BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, NO_CURRENCY, false, kindsWithTokens,
        estimated);
  }

  /** The amount of one kind. */
  public BigDecimal amount(TokenKind kind) {
    return switch (kind) {
      case INPUT -> input;
      case CACHE_READ -> cacheRead;
      case CACHE_WRITE_5M -> cacheWrite5m;
      case CACHE_WRITE_1H -> cacheWrite1h;
      case OUTPUT -> output;
      case REASONING -> reasoning;
    };
  }

  /** Priced, and every kind with tokens had a rate. */
  public boolean complete() {
    return priced && unpriced.isEmpty();
  }

  /** Priced, but some kind with tokens had no rate. */
  public boolean partial() {
    return priced && !unpriced.isEmpty();
  }

  /** Every amount multiplied exactly by {@code rate}, now in {@code newCurrency}. */
  public Cost times(BigDecimal rate, String newCurrency) {
    requireNonNull(rate, "rate");
    requireNonNull(newCurrency, "newCurrency");
    if (!priced) {
      return this;
    }
    return new Cost(input.multiply(rate), cacheRead.multiply(rate), cacheWrite5m.multiply(rate),
        cacheWrite1h.multiply(rate), output.multiply(rate), reasoning.multiply(rate),
        total.multiply(rate), newCurrency, true, unpriced, estimated);
  }

  private static BigDecimal norm(BigDecimal v, String name) {
    requireNonNull(v, name);
    return v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
  }
}
