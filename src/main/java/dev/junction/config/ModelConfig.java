package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A model name clients use and the deployments that serve it. {@code kind} says whether it is a
 * chat or an embedding model (what {@code /v1/models} reports and which endpoint accepts it).
 * {@code pacingMaxWait} ({@code pacing: {max-wait}}): how long a call may wait for room when
 * every deployment with vendor {@code limits} is at its limit, before 429 {@code
 * upstream_capacity}. {@code aliases}: other names clients may use for this model ({@code smart},
 * {@code default}), or name patterns ending in {@code *} ({@code gpt-*} on an {@code openai/*}
 * wildcard model sends {@code gpt-4.1} to OpenAI as {@code gpt-4.1}); see {@link
 * dev.junction.routing.Router}.
 */
public record ModelConfig(String name, Kind kind, List<DeploymentConfig> deployments,
    Duration pacingMaxWait, List<String> aliases) {

  /** Default {@code pacing.max-wait}. */
  public static final Duration DEFAULT_PACING_MAX_WAIT = Duration.ofSeconds(30);

  /** What a model does. */
  public enum Kind { CHAT, EMBEDDING }

  /** A model with the default pacing wait. */
  public ModelConfig(String name, Kind kind, List<DeploymentConfig> deployments) {
    this(name, kind, deployments, DEFAULT_PACING_MAX_WAIT, List.of());
  }

  /** A model without aliases. */
  public ModelConfig(String name, Kind kind, List<DeploymentConfig> deployments,
      Duration pacingMaxWait) {
    this(name, kind, deployments, pacingMaxWait, List.of());
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
    aliases = List.copyOf(aliases);
    for (String a : aliases) {
      if (a.isBlank() || a.indexOf('*') != a.lastIndexOf('*')
          || (a.indexOf('*') >= 0 && !a.endsWith("*")) || a.equals(name)) {
        throw new IllegalArgumentException("models[" + name + "].aliases: '" + a
            + "' (expected: another name for the model, a '*' only at its end)");
      }
      if (a.equals("*")) {
        throw new IllegalArgumentException("models[" + name + "].aliases: '*' (expected: a"
            + " prefix before the '*'; a catch-all alias would hide mistyped model names)");
      }
    }
    if (deployments.isEmpty()) {
      throw new IllegalArgumentException(
          "models[" + name + "].deployments: [] (expected: at least one deployment)");
    }
  }
}
