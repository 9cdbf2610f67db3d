package dev.junction.routing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One route's hedge budget, a token bucket counted in millionths of a hedge: each request earns
 * {@code percent / 100} of a hedge, a hedge spends a whole one, the bucket starts empty and holds
 * at most {@link RoutingConfig.Hedge#MAX_BURST} hedges. So over any stretch of traffic, hedges
 * never exceed {@code percent}% of requests. Lock-free.
 */
final class HedgeBudget {

  static final long UNIT = 1_000_000;

  private final String route;
  private final long earnPerRequest;
  private final long capacity;
  private final AtomicLong credit = new AtomicLong();
  private final LongAdder requests = new LongAdder();
  private final LongAdder hedges = new LongAdder();
  private final LongAdder denied = new LongAdder();
  private final LongAdder wins = new LongAdder();

  HedgeBudget(String route, double percent) {
    this.route = route;
    this.earnPerRequest = Math.round(percent * UNIT / 100);
    this.capacity = RoutingConfig.Hedge.MAX_BURST * UNIT;
  }

  void earn() {
    requests.increment();
    credit.accumulateAndGet(earnPerRequest, (c, d) -> Math.min(capacity, c + d));
  }

  boolean trySpend() {
    for (;;) {
      long c = credit.get();
      if (c < UNIT) {
        denied.increment();
        return false;
      }
      if (credit.compareAndSet(c, c - UNIT)) {
        hedges.increment();
        return true;
      }
    }
  }

  void won() {
    wins.increment();
  }

  HedgeStats stats() {
    return new HedgeStats(route, requests.sum(), hedges.sum(), denied.sum(), wins.sum(),
        credit.get() / (double) UNIT);
  }
}
