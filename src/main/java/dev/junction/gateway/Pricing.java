package dev.junction.gateway;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.Usage;
import dev.junction.config.GatewayConfig;
import dev.junction.config.ModelConfig;
import dev.junction.pricing.Cost;
import dev.junction.pricing.CostCalculator;
import dev.junction.pricing.ModelPrice;
import dev.junction.pricing.ModelRef;
import dev.junction.pricing.PriceCatalogue;
import dev.junction.pricing.TokenRates;
import dev.junction.pricing.UnpricedModels;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Prices calls: the built-in catalogue with the config's overrides (each in force from its
 * effective date), applied to a call's canonical usage. The simulator is free by definition and
 * priced at an explicit zero; any other model without a price yields a {@link Cost} flagged
 * unpriced, never a silent zero. Immutable and thread-safe.
 */
final class Pricing {

  private static final ModelPrice FREE = new ModelPrice("simulator", "*", ModelPrice.Mode.CHAT,
      "USD", TokenRates.of(BigDecimal.ZERO, BigDecimal.ZERO), List.of(), null, null, null, null);

  private final PriceCatalogue catalogue;

  private Pricing(PriceCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** The catalogue with the overrides (context windows for the routing's fallbacks too). */
  PriceCatalogue catalogue() {
    return catalogue;
  }

  static Pricing of(GatewayConfig config) {
    return new Pricing(PriceCatalogue.builtIn().withOverrides(config.pricing().overrides()));
  }

  /** The price in force for a deployment's model at {@code at}, if any. */
  Optional<ModelPrice> price(String provider, String model, Instant at) {
    Optional<ModelPrice> p = catalogue.lookup(provider, model, at);
    if (p.isEmpty() && provider.equals("simulator")) {
      return Optional.of(FREE); // free unless an override prices it (tests, demos of budgets)
    }
    return p;
  }

  /** The cost of {@code usage} on that model at {@code at}. */
  Cost cost(String provider, String model, Instant at, Usage usage) {
    requireNonNull(usage, "usage");
    return CostCalculator.cost(price(provider, model, at), usage);
  }

  /**
   * The configured deployments without a price (simulator and wildcard deployments excluded:
   * wildcards are priced per call).
   */
  List<ModelRef> unpriced(GatewayConfig config, Instant at) {
    Set<ModelRef> refs = new LinkedHashSet<>();
    for (ModelConfig m : config.models()) {
      for (var d : m.deployments()) {
        if (!d.provider().equals("simulator") && !d.model().equals("*")) {
          refs.add(new ModelRef(d.provider(), d.model()));
        }
      }
    }
    return UnpricedModels.find(catalogue, new ArrayList<>(refs), at);
  }

  static String warning(List<ModelRef> unpriced) {
    return UnpricedModels.warning(unpriced);
  }
}
