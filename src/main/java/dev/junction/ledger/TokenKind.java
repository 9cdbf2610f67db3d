package dev.junction.ledger;

import dev.junction.chat.Usage;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The six disjoint token kinds, with the column names they are stored under and their accessors
 * on {@link Usage} and {@link Spend}, so that every place that stores, reads or sums them loops
 * over this list instead of repeating six lines.
 */
enum TokenKind {
  INPUT("input", Usage::input, Spend::input),
  CACHE_READ("cache_read", Usage::cacheRead, Spend::cacheRead),
  CACHE_WRITE("cache_write", Usage::cacheWrite, Spend::cacheWrite),
  CACHE_WRITE_1H("cache_write_1h", Usage::cacheWrite1h, Spend::cacheWrite1h),
  OUTPUT("output", Usage::output, Spend::output),
  REASONING("reasoning", Usage::reasoning, Spend::reasoning);

  static final List<TokenKind> ALL = List.of(values());

  /** Column suffix: tokens are in {@code tok_<name>}, costs in {@code cost_<name>_nanos}. */
  final String name;
  private final ToLongFunction<Usage> tokens;
  private final Function<Spend, BigDecimal> cost;

  TokenKind(String name, ToLongFunction<Usage> tokens, Function<Spend, BigDecimal> cost) {
    this.name = name;
    this.tokens = tokens;
    this.cost = cost;
  }

  String tokenColumn() {
    return "tok_" + name;
  }

  String costColumn() {
    return "cost_" + name + "_nanos";
  }

  long tokens(Usage u) {
    return tokens.applyAsLong(u);
  }

  long costNanos(Spend s) {
    return Spend.nanos(cost.apply(s));
  }

  /** Usage from six counts in kind order. */
  static Usage usage(long[] t, boolean estimated) {
    return new Usage(t[0], t[1], t[2], t[3], t[4], t[5], estimated);
  }

  /** Spend from six nano-unit counts in kind order. */
  static Spend spend(String currency, long[] n) {
    return new Spend(currency, Spend.fromNanos(n[0]), Spend.fromNanos(n[1]),
        Spend.fromNanos(n[2]), Spend.fromNanos(n[3]), Spend.fromNanos(n[4]),
        Spend.fromNanos(n[5]));
  }
}
