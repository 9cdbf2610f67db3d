package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which configured models the catalogue cannot price, for a startup warning (or, with {@code
 * refuse-unpriced}, a startup error). Stateless.
 */
public final class UnpricedModels {

  private UnpricedModels() {}

  /**
   * The models in {@code configured} with no price in force at {@code at} (overrides included),
   * in configuration order, without duplicates.
   */
  public static List<ModelRef> find(PriceCatalogue catalogue, Collection<ModelRef> configured,
      Instant at) {
    requireNonNull(catalogue, "catalogue");
    requireNonNull(configured, "configured");
    requireNonNull(at, "at");
    Set<ModelRef> out = new LinkedHashSet<>();
    for (ModelRef m : configured) {
      if (catalogue.lookup(m.provider(), m.model(), at).isEmpty()) {
        out.add(m);
      }
    }
    return List.copyOf(out);
  }

  /** A one-line warning naming the unpriced models, or the empty string when there are none. */
  public static String warning(List<ModelRef> unpriced) {
    if (unpriced.isEmpty()) {
      return "";
    }
    return "no price for " + unpriced.size() + " configured model(s): " + unpriced
        + "; their calls are recorded as unpriced (add pricing.overrides to price them)";
  }
}
