package dev.junction.provider;

import dev.junction.config.DeploymentConfig;

/**
 * A kind of upstream (a vendor API or the built-in simulator): the wide extension point. A
 * provider validates a deployment's config and creates its {@link Upstream}. Implementations are
 * stateless and thread-safe.
 */
public interface Provider {

  /** The name deployments use in {@code provider:}. */
  String name();

  /** The base URL used when a deployment names none, or null if one is required. */
  default @org.jspecify.annotations.Nullable String defaultBaseUrl() {
    return null;
  }

  /**
   * Creates the upstream for {@code deployment}.
   *
   * @throws IllegalArgumentException naming the key, value and expectation when the deployment's
   *     settings do not suit this provider
   */
  Upstream create(DeploymentConfig deployment, ProviderContext context);
}
