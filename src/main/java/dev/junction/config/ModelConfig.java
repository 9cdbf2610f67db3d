package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A model name clients use and the deployments that serve it. {@code kind} says whether it is a
 * chat or an embedding model (what {@code /v1/models} reports and which endpoint accepts it).
 */
public record ModelConfig(String name, Kind kind, List<DeploymentConfig> deployments) {

  /** What a model does. */
  public enum Kind { CHAT, EMBEDDING }

  public ModelConfig {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    deployments = List.copyOf(deployments);
    if (name.isBlank()) {
      throw new IllegalArgumentException("models[].name: '' (expected: a non-empty name)");
    }
    if (deployments.isEmpty()) {
      throw new IllegalArgumentException(
          "models[" + name + "].deployments: [] (expected: at least one deployment)");
    }
  }
}
