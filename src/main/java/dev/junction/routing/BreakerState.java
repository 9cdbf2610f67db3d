package dev.junction.routing;

/**
 * The state of a deployment's circuit breaker.
 *
 * <ul>
 *   <li>{@link #CLOSED}: calls flow; their outcomes fill the failure-rate window;
 *   <li>{@link #OPEN}: the failure rate crossed the threshold; no calls until the open duration
 *       has passed;
 *   <li>{@link #HALF_OPEN}: a few probe calls are let through; success closes the breaker,
 *       failure opens it again.
 * </ul>
 */
public enum BreakerState { CLOSED, OPEN, HALF_OPEN }
