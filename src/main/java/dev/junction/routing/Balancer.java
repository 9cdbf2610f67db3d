package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.provider.Upstream;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Orders a route's deployments for one attempt. Only deployments that would admit a call now
 * are returned: an OPEN breaker, a running 429 cooldown and a HALF_OPEN breaker whose probe
 * permits are all taken leave a deployment out. Priority tiers come in order (tier 2 only after
 * every available tier-1 deployment), and within a tier the {@link RoutingConfig.Strategy}
 * decides; a weight-0 deployment always comes last in its tier.
 *
 * <pre>{@code
 * Balancer balancer = Balancer.create(Strategy.LEAST_IN_FLIGHT, board, random);
 * for (Upstream u : balancer.candidates(route, request.stream())) {
 *   Optional<DeploymentHealth.Permit> permit = board.of(u).tryAcquire();
 *   if (permit.isPresent()) { ... send to u ...; break; }
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe (if the random source is).
 */
public interface Balancer {

  /**
   * The deployments of {@code route} that admit a call now, best first. Empty when none does.
   *
   * @param stream whether the call is streamed (the lowest-latency strategy then compares time to
   *     first token rather than total time)
   */
  List<Upstream> candidates(Route route, boolean stream);

  /** A balancer with {@code strategy} over the health in {@code board}. */
  static Balancer create(RoutingConfig.Strategy strategy, HealthBoard board,
      RandomGenerator random) {
    return new TieredBalancer(requireNonNull(strategy, "strategy"),
        requireNonNull(board, "board"), requireNonNull(random, "random"));
  }
}
