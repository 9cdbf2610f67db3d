package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * An amount of money by token kind, in one currency: what one call cost, or the sum of many calls
 * in the same currency. The kinds match {@link dev.junction.chat.Usage}'s disjoint buckets.
 *
 * <p>Amounts are exact decimals held to {@value #SCALE} fractional digits (nano-units of the
 * currency, which is also how the ledger stores them). An amount given with more digits is rounded
 * half-even once, here, so that what is stored, rolled up and reported is exactly this value. Each
 * amount, and their total, must lie within ±9,223,372,036.854775807 currency units (a signed
 * 64-bit count of nano-units). Immutable and thread-safe.
 *
 * @param currency ISO 4217 code, three upper-case letters ({@code USD}, {@code CNY})
 */
public record Spend(
    String currency,
    BigDecimal input,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    BigDecimal cacheWrite1h,
    BigDecimal output,
    BigDecimal reasoning) {

  /** Fractional digits kept: amounts are whole nano-units (1e-9) of the currency. */
  public static final int SCALE = 9;

  private static final Pattern ISO = Pattern.compile("[A-Z]{3}");

  public Spend {
    requireNonNull(currency, "currency");
    if (!ISO.matcher(currency).matches()) {
      throw new IllegalArgumentException(
          "currency: '" + currency + "' (expected: an ISO 4217 code such as USD)");
    }
    input = exact(input, "input");
    cacheRead = exact(cacheRead, "cacheRead");
    cacheWrite = exact(cacheWrite, "cacheWrite");
    cacheWrite1h = exact(cacheWrite1h, "cacheWrite1h");
    output = exact(output, "output");
    reasoning = exact(reasoning, "reasoning");
    exact(input.add(cacheRead).add(cacheWrite).add(cacheWrite1h).add(output).add(reasoning),
        "total");
  }

  /** Nothing spent, in {@code currency}. */
  public static Spend zero(String currency) {
    BigDecimal z = BigDecimal.ZERO;
    return new Spend(currency, z, z, z, z, z, z);
  }

  /** The sum of every kind. */
  public BigDecimal total() {
    return input.add(cacheRead).add(cacheWrite).add(cacheWrite1h).add(output).add(reasoning);
  }

  /**
   * This amount plus {@code other}, kind by kind.
   *
   * @throws IllegalArgumentException when the currencies differ (amounts in different currencies
   *     are never added)
   */
  public Spend plus(Spend other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "cannot add " + other.currency + " to " + currency + " (expected: the same currency)");
    }
    return new Spend(currency, input.add(other.input), cacheRead.add(other.cacheRead),
        cacheWrite.add(other.cacheWrite), cacheWrite1h.add(other.cacheWrite1h),
        output.add(other.output), reasoning.add(other.reasoning));
  }

  /** {@code amount} at {@value #SCALE} digits, checked to fit the stored range. */
  static BigDecimal exact(BigDecimal amount, String name) {
    requireNonNull(amount, name);
    BigDecimal scaled = amount.setScale(SCALE, RoundingMode.HALF_EVEN);
    if (scaled.unscaledValue().bitLength() > 63) {
      throw new IllegalArgumentException(
          name + ": " + amount.toPlainString() + " (expected: within ±9223372036.854775807)");
    }
    return scaled;
  }

  /** The amount as a count of nano-units (exact: amounts are held at {@value #SCALE} digits). */
  static long nanos(BigDecimal amount) {
    if (amount.scale() == SCALE && amount.precision() <= 18) {
      // the usual case (amounts are held at 9 digits): no BigInteger, no rounding
      return amount.scaleByPowerOfTen(SCALE).longValueExact();
    }
    return exact(amount, "amount").unscaledValue().longValueExact();
  }

  /** A count of nano-units as an amount. */
  static BigDecimal fromNanos(long nanos) {
    return BigDecimal.valueOf(nanos, SCALE);
  }
}
