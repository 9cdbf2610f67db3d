package dev.junction.admission;

import dev.junction.pricing.ModelPrice;
import java.util.List;

/**
 * The prices in force now of every deployment that may serve a model name: the gateway answers
 * from its router and price catalogue. The worst case is taken over all of them, since failover
 * may pick any. Must return an empty list when the model is unknown or any of its deployments has
 * no price (the call then cannot be bounded). Thread-safe, non-blocking.
 */
@FunctionalInterface
public interface PriceLookup {

  /** The deployments' prices, or empty when not all are priced. */
  List<ModelPrice> prices(String model);
}
