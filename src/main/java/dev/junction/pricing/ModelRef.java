package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

/** A model as the gateway is configured to call it: provider name and upstream model id. */
public record ModelRef(String provider, String model) {

  public ModelRef {
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
  }

  @Override
  public String toString() {
    return provider + "/" + model;
  }
}
