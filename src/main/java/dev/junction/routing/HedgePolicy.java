package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * When to hedge a call whose first token is late: after a fixed threshold, or after the primary
 * deployment's observed percentile of time to first token (no hedge until it has enough
 * samples); and only while the route's budget allows (see {@link RoutingConfig.Hedge}).
 *
 * <pre>{@code
 * hedge.onRequest(route);                                 // every request earns budget
 * hedge.threshold(primaryHealth).ifPresent(t -> timer(t, () -> {
 *   if (noTokenYet && hedge.shouldHedge(route, primaryHealth, elapsed)) { send to another }
 * }));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class HedgePolicy {

  private final RoutingConfig.Hedge config;
  private final ConcurrentMap<String, HedgeBudget> budgets = new ConcurrentHashMap<>();

  private HedgePolicy(RoutingConfig.Hedge config) {
    this.config = config;
  }

  /** The policy of {@code config}. */
  public static HedgePolicy create(RoutingConfig.Hedge config) {
    return new HedgePolicy(requireNonNull(config, "config"));
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** Counts one request of {@code route}, earning it budget. */
  public void onRequest(Route route) {
    budget(route).earn();
  }

  /**
   * How late the first token of a call to {@code primary} may be before a hedge is considered;
   * empty when hedging is off or the percentile has too few samples.
   */
  public Optional<Duration> threshold(DeploymentHealth primary) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    return switch (config.threshold()) {
      case RoutingConfig.Threshold.Fixed f -> Optional.of(f.after());
      case RoutingConfig.Threshold.Observed o ->
          primary.timeToFirstTokenPercentile(o.quantile(), o.minSamples());
    };
  }

  /**
   * Whether to send a hedge now, {@code elapsedSinceSend} after the call to {@code primary} was
   * sent without a first token: the threshold has passed and the route's budget pays for it (a
   * yes spends one hedge of budget).
   */
  public boolean shouldHedge(Route route, DeploymentHealth primary, Duration elapsedSinceSend) {
    Optional<Duration> t = threshold(primary);
    if (t.isEmpty() || elapsedSinceSend.compareTo(t.get()) < 0) {
      return false;
    }
    return budget(route).trySpend();
  }

  /** Records that a hedge of {@code route} answered before its primary. */
  public void hedgeWon(Route route) {
    budget(route).won();
  }

  /** The hedging of {@code route} so far. */
  public HedgeStats stats(Route route) {
    return budget(route).stats();
  }

  /** The hedging of every route seen so far, by name. */
  public List<HedgeStats> stats() {
    return budgets.values().stream().map(HedgeBudget::stats)
        .sorted(Comparator.comparing(HedgeStats::route)).toList();
  }

  private HedgeBudget budget(Route route) {
    return budgets.computeIfAbsent(route.name(),
        name -> new HedgeBudget(name, config.budgetPercent()));
  }
}
