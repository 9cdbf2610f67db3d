package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.Usage;

/**
 * Sums over a set of ledger entries in one currency: counts, tokens by kind, cost by kind and
 * latency. What a daily rollup row and a report row hold. {@code tokens.estimated()} is always
 * false here; {@code estimated} counts the entries whose usage was estimated. Immutable.
 *
 * @param requests entries summed
 * @param errors entries that were errors ({@link LedgerEntry#isError()})
 * @param unpriced entries without a known price (their cost counts as zero)
 * @param cacheHits entries answered from the gateway's response cache
 * @param estimated entries whose usage the gateway estimated
 * @param latencySumMillis sum of latencies, for averages; {@code latencyMaxMillis} the largest
 */
public record Tally(
    long requests,
    long errors,
    long unpriced,
    long cacheHits,
    long estimated,
    Usage tokens,
    Spend cost,
    long latencySumMillis,
    long latencyMaxMillis) {

  public Tally {
    requireNonNull(tokens, "tokens");
    requireNonNull(cost, "cost");
  }

  /** The tally of one entry. */
  public static Tally of(LedgerEntry e) {
    Usage t = e.tokens();
    return new Tally(1, e.isError() ? 1 : 0, e.unpriced() ? 1 : 0, e.cacheHit() ? 1 : 0,
        t.estimated() ? 1 : 0,
        new Usage(t.input(), t.cacheRead(), t.cacheWrite(), t.cacheWrite1h(), t.output(),
            t.reasoning(), false),
        e.cost(), e.latencyMillis(), e.latencyMillis());
  }

  /**
   * This tally plus {@code other}.
   *
   * @throws IllegalArgumentException when the currencies differ
   */
  public Tally plus(Tally other) {
    Usage a = tokens;
    Usage b = other.tokens;
    return new Tally(requests + other.requests, errors + other.errors,
        unpriced + other.unpriced, cacheHits + other.cacheHits, estimated + other.estimated,
        new Usage(a.input() + b.input(), a.cacheRead() + b.cacheRead(),
            a.cacheWrite() + b.cacheWrite(), a.cacheWrite1h() + b.cacheWrite1h(),
            a.output() + b.output(), a.reasoning() + b.reasoning(), false),
        cost.plus(other.cost), latencySumMillis + other.latencySumMillis,
        Math.max(latencyMaxMillis, other.latencyMaxMillis));
  }

  /** The currency of {@link #cost()}. */
  public String currency() {
    return cost.currency();
  }

  /** Mean latency in milliseconds (rounded down), 0 for no requests. */
  public long latencyAvgMillis() {
    return requests == 0 ? 0 : latencySumMillis / requests;
  }
}
