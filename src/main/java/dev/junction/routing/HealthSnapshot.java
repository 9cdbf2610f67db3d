package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One deployment's health at one instant, for the admin view and {@code /health/ready}.
 *
 * <ul>
 *   <li>{@code openUntil}: when an OPEN breaker lets probes through; null unless OPEN;
 *   <li>{@code cooldownUntil}: end of a running 429 cooldown, else null;
 *   <li>{@code ewmaTimeToFirstToken}, {@code ewmaTotal}, {@code p95TimeToFirstToken}: null before
 *       the first sample;
 *   <li>{@code errorRate}, {@code windowCalls}: the breaker window's failure share and size;
 *   <li>{@code successes}, {@code failures}, {@code rateLimited}, {@code rejected}: call outcomes
 *       since start ({@code rejected}: the request's own 4xx).
 * </ul>
 */
public record HealthSnapshot(
    String deployment,
    BreakerState breaker,
    @Nullable Instant openUntil,
    @Nullable Instant cooldownUntil,
    int inFlight,
    @Nullable Duration ewmaTimeToFirstToken,
    @Nullable Duration ewmaTotal,
    @Nullable Duration p95TimeToFirstToken,
    double errorRate,
    int windowCalls,
    long successes,
    long failures,
    long rateLimited,
    long rejected) {

  public HealthSnapshot {
    requireNonNull(deployment, "deployment");
    requireNonNull(breaker, "breaker");
  }
}
