/**
 * Prices and exact call costs.
 *
 * <p>{@link dev.junction.pricing.PriceCatalogue#builtIn()} ships a catalogue derived from
 * LiteLLM's {@code model_prices_and_context_window.json} (MIT; see {@code NOTICE.txt} next to the
 * data and {@code docs/PRICING.md}). {@link dev.junction.pricing.CostCalculator} prices a canonical
 * {@link dev.junction.chat.Usage} with exact decimals; operators add or replace prices with
 * {@link dev.junction.pricing.PriceOverride}s that take effect at a date, possibly in another
 * currency, and {@link dev.junction.pricing.ExchangeRates} converts for reports.
 *
 * <pre>{@code
 * PricingConfig cfg = PricingConfig.fromNode(root.get("pricing"));
 * PriceCatalogue prices = PriceCatalogue.builtIn().withOverrides(cfg.overrides());
 * List<ModelRef> missing = UnpricedModels.find(prices, configuredModels, Instant.now());
 *
 * Usage usage = Usage.fromOpenAi(1200, 300, 1000, 0, 100);
 * Cost cost = CostCalculator.cost(prices.lookup("openai", "gpt-4o-2024-08-06", callTime), usage);
 * if (!cost.complete()) { ... }          // unpriced model or a kind without a rate
 * Cost usd = cfg.exchangeRates().convert(cost, "USD", callTime).orElse(cost);
 * }</pre>
 *
 * <p>Every type here is immutable and thread-safe.
 */
@NullMarked
package dev.junction.pricing;

import org.jspecify.annotations.NullMarked;
