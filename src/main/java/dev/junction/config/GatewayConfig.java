package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.junction.ledger.LedgerConfig;
import dev.junction.pricing.PricingConfig;
import dev.junction.routing.RoutingConfig;
import org.jspecify.annotations.Nullable;

/**
 * The whole gateway configuration: the listener and the models served. Built from YAML by {@link
 * ConfigLoader} or in code; immutable and validated on construction (model names are unique).
 *
 * <p>{@code ledger}: where every call is recorded ({@link LedgerConfig}). {@code masterKey}: guards
 * {@code /admin/*} and is the one credential besides virtual keys; null runs the gateway open
 * (development mode, announced at start). {@code auth}: the key, budget and rate-limit store and
 * settings ({@link AuthConfig}).
 * {@code pricing}: price overrides, exchange rates and whether unpriced models are refused
 * (see {@link PricingConfig}). {@code providersFromEnv}: whether vendor keys found in the environment ({@code
 * OPENAI_API_KEY}, …) add those vendors' common models next to the configured ones. {@code
 * routing}: balancing, retries, breakers, hedging, fallbacks and pacing ({@link RoutingConfig}).
 */
public record GatewayConfig(ServerConfig server, List<ModelConfig> models,
    boolean providersFromEnv, PricingConfig pricing, LedgerConfig ledger,
    @Nullable Secret masterKey, RoutingConfig routing, AuthConfig auth) {

  /**
   * A config with default pricing, no ledger and no master key (code and tests; the YAML loader
   * defaults the ledger to SQLite under {@code ./junction-data/}).
   */
  public GatewayConfig(ServerConfig server, List<ModelConfig> models, boolean providersFromEnv) {
    this(server, models, providersFromEnv, PricingConfig.defaults(), LedgerConfig.disabled(),
        null, RoutingConfig.defaults(), AuthConfig.IN_MEMORY);
  }

  public GatewayConfig {
    requireNonNull(server, "server");
    requireNonNull(pricing, "pricing");
    requireNonNull(ledger, "ledger");
    requireNonNull(routing, "routing");
    requireNonNull(auth, "auth");
    models = List.copyOf(models);
    Map<String, ModelConfig> seen = new LinkedHashMap<>();
    for (ModelConfig m : models) {
      if (seen.put(m.name(), m) != null) {
        throw new IllegalArgumentException(
            "models: '" + m.name() + "' is defined twice (expected: unique names)");
      }
    }
    Map<String, String> aliasOf = new LinkedHashMap<>();
    for (ModelConfig m : models) {
      for (String a : m.aliases()) {
        String other = seen.containsKey(a) ? a : aliasOf.putIfAbsent(a, m.name());
        if (other != null) {
          throw new IllegalArgumentException("models[" + m.name() + "].aliases: '" + a
              + "' is already " + (seen.containsKey(a) ? "a model name" : "an alias of '"
                  + other + "'") + " (expected: unique names)");
        }
      }
    }
  }

  /** Every alias and the model it names, in configuration order. */
  public Map<String, String> aliases() {
    Map<String, String> out = new LinkedHashMap<>();
    for (ModelConfig m : models) {
      m.aliases().forEach(a -> out.put(a, m.name()));
    }
    return out;
  }

  /** This config with more models appended (those whose names are already taken are skipped). */
  public GatewayConfig withExtraModels(List<ModelConfig> extra) {
    List<ModelConfig> all = new ArrayList<>(models);
    for (ModelConfig m : extra) {
      if (all.stream().noneMatch(x -> x.name().equals(m.name()))) {
        all.add(m);
      }
    }
    return new GatewayConfig(server, all, providersFromEnv, pricing, ledger, masterKey, routing,
        auth);
  }

  /** This config with another ledger. */
  public GatewayConfig withLedger(LedgerConfig newLedger) {
    return new GatewayConfig(server, models, providersFromEnv, pricing, newLedger, masterKey,
        routing, auth);
  }

  /** This config on another port. */
  public GatewayConfig withPort(int port) {
    return new GatewayConfig(server.withPort(port), models, providersFromEnv, pricing, ledger,
        masterKey, routing, auth);
  }

  /** This config with another routing section. */
  public GatewayConfig withRouting(RoutingConfig newRouting) {
    return new GatewayConfig(server, models, providersFromEnv, pricing, ledger, masterKey,
        newRouting, auth);
  }

  /** This config with another master key (null: development mode, no key required). */
  public GatewayConfig withMasterKey(@Nullable Secret key) {
    return new GatewayConfig(server, models, providersFromEnv, pricing, ledger, key, routing,
        auth);
  }

  /** This config with other key, budget and rate-limit settings. */
  public GatewayConfig withAuth(AuthConfig newAuth) {
    return new GatewayConfig(server, models, providersFromEnv, pricing, ledger, masterKey,
        routing, newAuth);
  }
}
