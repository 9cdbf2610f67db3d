package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A model name clients use and the deployments that serve it. {@code kind} says whether it is a
 * chat or an embedding model (what {@code /v1/models} reports and which endpoint accepts it).
 * {@code pacingMaxWait} ({@code pacing: {max-wait}}): how long a call may wait for room when
 * every deployment with vendor {@code limits} is at its limit, before 429 {@code
 * upstream_capacity}.
 */
public record ModelConfig(String name, Kind kind, List<DeploymentConfig> deployments,
    Duration pacingMaxWait) {

  /** Default {@code pacing.max-wait}. */
  public static final Duration DEFAULT_PACING_MAX_WAIT = Duration.ofSeconds(30);

  /** What a model does. */
  public enum Kind { CHAT, EMBEDDING }

  /** A model with the default pacing wait. */
  public ModelConfig(String name, Kind kind, List<DeploymentConfig> deployments) {
    this(name, kind, deployments, DEFAULT_PACING_MAX_WAIT);
  }

  public ModelConfig {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    deployments = List.copyOf(deployments);
    requireNonNull(pacingMaxWait, "pacingMaxWait");
    if (pacingMaxWait.isNegative()) {
      throw new IllegalArgumentException("pacing.max-wait: "
          + ConfigValues.formatDuration(pacingMaxWait) + " (expected: >= 0)");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("models[].name: '' (expected: a non-empty name)");
    }
    if (deployments.isEmpty()) {
      throw new IllegalArgumentException(
          "models[" + name + "].deployments: [] (expected: at least one deployment)");
    }
  }
}
