package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import dev.junction.pricing.ModelPrice;
import dev.junction.pricing.TokenKind;
import dev.junction.pricing.TokenRates;
import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The most a call can cost, at catalogue prices: what is reserved before it is sent.
 *
 * <pre>
 *   outputTokens = the request's max output tokens
 *                  else the model's maxOutputTokens in the catalogue
 *                  else fallbackMaxOutput
 *   rates        = the tier in force for inputTokens (long-context tiers raise the whole call)
 *   worst case   = inputTokens  * max(input, cache-write 5m, cache-write 1h rate) / 1e6
 *                + outputTokens * max(output, reasoning rate)                      / 1e6
 * </pre>
 *
 * The most expensive prompt-side rate covers a prompt that is written to a cache; the most
 * expensive output-side rate covers reasoning billed apart. Empty when the model has no input
 * rate, or no output rate while output is possible: such a call cannot be bounded. Embeddings
 * pass {@code maxOutputTokens = 0}. Exact; stateless.
 */
public final class WorstCase {

  private WorstCase() {}

  /** The worst-case cost of a call with {@code inputTokens} counted prompt tokens. */
  public static Optional<Money> cost(ModelPrice price, long inputTokens,
      @Nullable Long maxOutputTokens, long fallbackMaxOutput) {
    requireNonNull(price, "price");
    if (inputTokens < 0) {
      throw new IllegalArgumentException("inputTokens must be >= 0: " + inputTokens);
    }
    TokenRates r = price.ratesFor(inputTokens);
    BigDecimal in = max(r.rate(TokenKind.INPUT), r.rate(TokenKind.CACHE_WRITE_5M),
        r.rate(TokenKind.CACHE_WRITE_1H));
    BigDecimal out = max(r.rate(TokenKind.OUTPUT), r.rate(TokenKind.REASONING));
    long outTokens = outputTokens(price, maxOutputTokens, fallbackMaxOutput);
    if (r.rate(TokenKind.INPUT) == null || (outTokens > 0 && r.rate(TokenKind.OUTPUT) == null)) {
      return Optional.empty();
    }
    BigDecimal total = BigDecimal.valueOf(inputTokens).multiply(in)
        .add(BigDecimal.valueOf(outTokens).multiply(out)).movePointLeft(6);
    return Optional.of(new Money(total, price.currency()));
  }

  /** The output tokens assumed: the request's cap, else the model's, else the fallback. */
  public static long outputTokens(ModelPrice price, @Nullable Long maxOutputTokens,
      long fallbackMaxOutput) {
    if (maxOutputTokens != null) {
      return Math.max(0, maxOutputTokens);
    }
    Long model = price.maxOutputTokens();
    return model != null && model > 0 ? model : fallbackMaxOutput;
  }

  private static BigDecimal max(@Nullable BigDecimal... rates) {
    BigDecimal m = BigDecimal.ZERO;
    for (BigDecimal r : rates) {
      if (r != null && r.compareTo(m) > 0) {
        m = r;
      }
    }
    return m;
  }
}
