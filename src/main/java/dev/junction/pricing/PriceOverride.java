package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A price set by the operator for {@code provider}/{@code model} from {@code effectiveFrom} on.
 * For a call at time {@code t}, the override with the latest {@code effectiveFrom <= t} wins over
 * the catalogue; before its first override a model keeps its catalogue price. An override
 * replaces every token price and tier of the entry (limits such as the context window are kept
 * from the catalogue) and may add a model the catalogue lacks. Prices are per million tokens in
 * {@code currency} (ISO 4217, e.g. {@code CNY} for DeepSeek's or Moonshot's own price lists).
 * Immutable and thread-safe.
 */
public record PriceOverride(
    String provider,
    String model,
    String currency,
    TokenRates rates,
    List<PriceTier> tiers,
    Instant effectiveFrom) {

  public PriceOverride {
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(currency, "currency");
    requireNonNull(rates, "rates");
    requireNonNull(effectiveFrom, "effectiveFrom");
    tiers = List.copyOf(tiers);
    if (rates.isEmpty()) {
      throw new IllegalArgumentException("override for " + provider + "/" + model
          + " sets no price");
    }
  }

  /** An override without long-context tiers. */
  public static PriceOverride of(String provider, String model, String currency,
      TokenRates rates, Instant effectiveFrom) {
    return new PriceOverride(provider, model, currency, rates, List.of(), effectiveFrom);
  }

  /** The price this override sets, on top of the catalogue entry when there is one. */
  public ModelPrice applyTo(@Nullable ModelPrice base) {
    ModelPrice b = base != null ? base : ModelPrice.of(provider, model, currency, rates);
    return b.withPrices(currency, rates, tiers);
  }
}
