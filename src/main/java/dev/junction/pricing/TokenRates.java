package dev.junction.pricing;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Prices of each token kind, in the owning {@link ModelPrice}'s currency per <b>one million</b>
 * tokens, as exact decimals (never derived from a {@code double}).
 *
 * <p>A null rate means "the catalogue does not know this price", which is not the same as free:
 * {@link CostCalculator} flags tokens of such a kind as unpriced instead of billing them at zero.
 * The one fallback is {@code reasoning}: when absent, reasoning tokens are billed at the {@code
 * output} rate, which is how every vendor in the catalogue bills them. Rates must not be negative.
 * Immutable and thread-safe.
 */
public record TokenRates(
    @Nullable BigDecimal input,
    @Nullable BigDecimal cacheRead,
    @Nullable BigDecimal cacheWrite5m,
    @Nullable BigDecimal cacheWrite1h,
    @Nullable BigDecimal output,
    @Nullable BigDecimal reasoning) {

  /** No known price for any kind. */
  public static final TokenRates NONE = new TokenRates(null, null, null, null, null, null);

  public TokenRates {
    input = checked(input, "input");
    cacheRead = checked(cacheRead, "cacheRead");
    cacheWrite5m = checked(cacheWrite5m, "cacheWrite5m");
    cacheWrite1h = checked(cacheWrite1h, "cacheWrite1h");
    output = checked(output, "output");
    reasoning = checked(reasoning, "reasoning");
  }

  /** Input and output only, per million tokens. */
  public static TokenRates of(BigDecimal input, BigDecimal output) {
    return new TokenRates(input, null, null, null, output, null);
  }

  /** The rate of one kind; reasoning falls back to output. Null when unknown. */
  public @Nullable BigDecimal rate(TokenKind kind) {
    return switch (kind) {
      case INPUT -> input;
      case CACHE_READ -> cacheRead;
      case CACHE_WRITE_5M -> cacheWrite5m;
      case CACHE_WRITE_1H -> cacheWrite1h;
      case OUTPUT -> output;
      case REASONING -> reasoning != null ? reasoning : output;
    };
  }

  /** These rates where known, else {@code base}'s: how a long-context tier inherits. */
  public TokenRates over(TokenRates base) {
    return new TokenRates(or(input, base.input), or(cacheRead, base.cacheRead),
        or(cacheWrite5m, base.cacheWrite5m), or(cacheWrite1h, base.cacheWrite1h),
        or(output, base.output), or(reasoning, base.reasoning));
  }

  /** True when no kind has a price. */
  public boolean isEmpty() {
    return input == null && cacheRead == null && cacheWrite5m == null && cacheWrite1h == null
        && output == null && reasoning == null;
  }

  private static @Nullable BigDecimal or(@Nullable BigDecimal a, @Nullable BigDecimal b) {
    return a != null ? a : b;
  }

  private static @Nullable BigDecimal checked(@Nullable BigDecimal rate, String name) {
    if (rate == null) {
      return null;
    }
    if (rate.signum() < 0) {
      throw new IllegalArgumentException(name + " price must be >= 0: " + rate.toPlainString());
    }
    return rate.signum() == 0 ? BigDecimal.ZERO : rate.stripTrailingZeros();
  }
}
