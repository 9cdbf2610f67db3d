package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.Usage;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prices a canonical {@link Usage} exactly. For each disjoint bucket of the usage:
 *
 * <pre>
 *   input        = usage.input        * rate(INPUT)          / 1e6
 *   cacheRead    = usage.cacheRead    * rate(CACHE_READ)     / 1e6
 *   cacheWrite5m = usage.cacheWrite   * rate(CACHE_WRITE_5M) / 1e6
 *   cacheWrite1h = usage.cacheWrite1h * rate(CACHE_WRITE_1H) / 1e6
 *   output       = usage.output       * rate(OUTPUT)         / 1e6
 *   reasoning    = usage.reasoning    * (rate(REASONING) if known, else rate(OUTPUT)) / 1e6
 *   total        = the sum of the above
 * </pre>
 *
 * where the rates are those of the tier in force for {@code promptTokensForTier} (see {@link
 * ModelPrice#ratesFor(long)}): above a long-context threshold the <em>whole</em> request moves to
 * the higher tier. A bucket with tokens but no rate is never billed at another kind's rate (a
 * missing cache-read price is not the input price): it contributes zero and is listed in {@link
 * Cost#unpriced()}, making the cost partial. Division by a million is a decimal point shift, so
 * the result is exact. Stateless and thread-safe.
 */
public final class CostCalculator {

  private CostCalculator() {}

  /** Prices {@code usage}, choosing the tier by {@link Usage#promptTokens()}. */
  public static Cost cost(ModelPrice price, Usage usage) {
    requireNonNull(usage, "usage");
    return cost(price, usage, usage.promptTokens());
  }

  /** Prices {@code usage}, or flags it unpriced when there is no price. */
  public static Cost cost(Optional<ModelPrice> price, Usage usage) {
    requireNonNull(price, "price");
    requireNonNull(usage, "usage");
    return price.map(p -> cost(p, usage)).orElseGet(() -> unpriced(usage));
  }

  /** Prices {@code usage} with the tier in force for {@code promptTokensForTier} prompt tokens. */
  public static Cost cost(ModelPrice price, Usage usage, long promptTokensForTier) {
    requireNonNull(price, "price");
    requireNonNull(usage, "usage");
    TokenRates rates = price.ratesFor(promptTokensForTier);
    Map<TokenKind, BigDecimal> amounts = new EnumMap<>(TokenKind.class);
    Set<TokenKind> missing = EnumSet.noneOf(TokenKind.class);
    BigDecimal total = BigDecimal.ZERO;
    for (TokenKind kind : TokenKind.values()) {
      long tokens = tokens(usage, kind);
      BigDecimal amount = BigDecimal.ZERO;
      if (tokens > 0) {
        BigDecimal rate = rates.rate(kind);
        if (rate == null) {
          missing.add(kind);
        } else {
          amount = amount(tokens, rate);
        }
      }
      amounts.put(kind, amount);
      total = total.add(amount);
    }
    return new Cost(amounts.get(TokenKind.INPUT), amounts.get(TokenKind.CACHE_READ),
        amounts.get(TokenKind.CACHE_WRITE_5M), amounts.get(TokenKind.CACHE_WRITE_1H),
        amounts.get(TokenKind.OUTPUT), amounts.get(TokenKind.REASONING), total,
        price.currency(), true, missing, usage.estimated());
  }

  /** The cost of a call to a model the catalogue cannot price. */
  public static Cost unpriced(Usage usage) {
    requireNonNull(usage, "usage");
    Set<TokenKind> kinds = EnumSet.noneOf(TokenKind.class);
    for (TokenKind kind : TokenKind.values()) {
      if (tokens(usage, kind) > 0) {
        kinds.add(kind);
      }
    }
    return Cost.unpriced(kinds, usage.estimated());
  }

  /** The tokens of one kind in {@code usage}. */
  public static long tokens(Usage usage, TokenKind kind) {
    return switch (kind) {
      case INPUT -> usage.input();
      case CACHE_READ -> usage.cacheRead();
      case CACHE_WRITE_5M -> usage.cacheWrite();
      case CACHE_WRITE_1H -> usage.cacheWrite1h();
      case OUTPUT -> usage.output();
      case REASONING -> usage.reasoning();
    };
  }

  /** {@code tokens * ratePerMillion / 1,000,000}, exactly. */
  static BigDecimal amount(long tokens, BigDecimal ratePerMillion) {
    return BigDecimal.valueOf(tokens).multiply(ratePerMillion).movePointLeft(6);
  }
}
