package dev.junction;

import dev.junction.config.GatewayConfig;
import dev.junction.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The models served without configuration: the simulator's demo models (when no config file was
 * given) and the common models of every vendor whose key is in the environment (unless the config
 * says {@code providers-from-env: false}). Configured models always win a name clash.
 */
final class DefaultModels {

  private DefaultModels() {}

  static GatewayConfig complete(GatewayConfig config, Map<String, String> env,
      boolean withSimulator) {
    List<ModelConfig> extra = new ArrayList<>();
    if (withSimulator) {
      extra.addAll(dev.junction.gateway.EnvModels.simulator());
    }
    if (config.providersFromEnv()) {
      extra.addAll(dev.junction.gateway.EnvModels.fromEnv(env));
    }
    return config.withExtraModels(extra);
  }
}
