package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Currency conversion for reports. Vendors that bill in yuan (Moonshot, Qwen/DashScope, DeepSeek,
 * Zhipu) can be priced in {@code CNY} through overrides; a report in USD converts with these
 * rates. Conversion multiplies exactly; it never divides, so only the direction configured is
 * available (configure {@code CNY -> USD} to report yuan costs in dollars).
 *
 * <p>For a time {@code t} the rate in force is the one with the latest {@code effectiveFrom <= t};
 * times before the first configured rate use the first rate (a report on old calls still
 * converts). {@link #defaults()} holds {@link #DEFAULT_CNY_USD}. Immutable and thread-safe.
 */
public final class ExchangeRates {

  /**
   * The documented default: 1 CNY = 0.14 USD (about 7.14 CNY per USD), effective 2025-10-01.
   * Operators who report CNY-billed spend should configure the rate they book with.
   */
  public static final ExchangeRate DEFAULT_CNY_USD = new ExchangeRate("CNY", "USD",
      new BigDecimal("0.14"), Instant.parse("2025-10-01T00:00:00Z"));

  private static final ExchangeRates DEFAULTS = new ExchangeRates(List.of(DEFAULT_CNY_USD));

  /** Sorted by pair, then effective date ascending. */
  private final List<ExchangeRate> rates;

  private ExchangeRates(List<ExchangeRate> rates) {
    this.rates = rates.stream()
        .sorted(Comparator.comparing(ExchangeRate::from).thenComparing(ExchangeRate::to)
            .thenComparing(ExchangeRate::effectiveFrom))
        .toList();
  }

  /** The built-in default rates. */
  public static ExchangeRates defaults() {
    return DEFAULTS;
  }

  /** Exactly these rates. */
  public static ExchangeRates of(Collection<ExchangeRate> rates) {
    return new ExchangeRates(List.copyOf(rates));
  }

  /**
   * These rates, plus the defaults for every currency pair {@code configured} does not mention:
   * what a configuration with {@code exchange-rates:} means.
   */
  public static ExchangeRates withDefaults(Collection<ExchangeRate> configured) {
    List<ExchangeRate> all = new ArrayList<>(configured);
    for (ExchangeRate d : DEFAULTS.rates) {
      boolean mentioned = configured.stream()
          .anyMatch(r -> r.from().equals(d.from()) && r.to().equals(d.to()));
      if (!mentioned) {
        all.add(d);
      }
    }
    return of(all);
  }

  /** Every rate. */
  public List<ExchangeRate> rates() {
    return rates;
  }

  /** The factor from {@code from} to {@code to} at {@code at}; one when they are equal. */
  public Optional<BigDecimal> rate(String from, String to, Instant at) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(at, "at");
    if (from.equals(to)) {
      return Optional.of(BigDecimal.ONE);
    }
    ExchangeRate first = null;
    ExchangeRate inForce = null;
    for (ExchangeRate r : rates) {
      if (r.from().equals(from) && r.to().equals(to)) {
        if (first == null) {
          first = r;
        }
        if (!r.effectiveFrom().isAfter(at)) {
          inForce = r;
        }
      }
    }
    ExchangeRate chosen = inForce != null ? inForce : first;
    return Optional.ofNullable(chosen).map(ExchangeRate::rate);
  }

  /**
   * {@code cost} in {@code currency} at {@code at}; empty when no rate is configured. An unpriced
   * cost is returned unchanged (it has no currency to convert from).
   */
  public Optional<Cost> convert(Cost cost, String currency, Instant at) {
    requireNonNull(cost, "cost");
    if (!cost.priced()) {
      return Optional.of(cost);
    }
    return rate(cost.currency(), currency, at).map(r -> cost.times(r, currency));
  }
}
