package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.config.DeploymentConfig;
import dev.junction.provider.Upstream;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@link DeploymentHealth} of every deployment, by deployment id, created on first use with
 * one routing config and one clock. The admin view reads {@link #snapshots()}; readiness asks
 * {@link #serviceable(Route)}. Thread-safe.
 */
public final class HealthBoard {

  private final RoutingConfig config;
  private final InstantSource clock;
  private final ConcurrentMap<String, DeploymentHealth> byId = new ConcurrentHashMap<>();

  private HealthBoard(RoutingConfig config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
  }

  /** An empty board. */
  public static HealthBoard create(RoutingConfig config, InstantSource clock) {
    return new HealthBoard(requireNonNull(config, "config"), requireNonNull(clock, "clock"));
  }

  /** The health of {@code deployment}. */
  public DeploymentHealth of(DeploymentConfig deployment) {
    return byId.computeIfAbsent(requireNonNull(deployment, "deployment").id(),
        id -> DeploymentHealth.create(id, config, clock));
  }

  /** The health of {@code upstream}'s deployment. */
  public DeploymentHealth of(Upstream upstream) {
    return of(upstream.deployment());
  }

  /** Every deployment seen so far, by id. */
  public List<HealthSnapshot> snapshots() {
    return byId.values().stream().map(DeploymentHealth::snapshot)
        .sorted(Comparator.comparing(HealthSnapshot::deployment)).toList();
  }

  /**
   * Whether {@code route} can serve at all: some deployment's breaker is not OPEN (a cooldown is
   * a short wait, not an outage).
   */
  public boolean serviceable(Route route) {
    for (Upstream u : route.upstreams()) {
      if (of(u).state() != BreakerState.OPEN) {
        return true;
      }
    }
    return false;
  }

  /** The clock every health here reads. */
  public InstantSource clock() {
    return clock;
  }

  /** The config every health here follows. */
  public RoutingConfig config() {
    return config;
  }
}
