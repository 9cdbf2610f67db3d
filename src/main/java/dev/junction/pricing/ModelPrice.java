package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What one model costs at one provider: base {@link TokenRates} per million tokens in {@code
 * currency}, long-context {@link PriceTier}s, batch-API prices and the model's limits.
 *
 * <ul>
 *   <li>{@code provider}: Junction's provider name ({@code openai}, {@code anthropic}, {@code
 *       gemini}, {@code qwen}, ...), lower case;
 *   <li>{@code model}: the id sent upstream, without a provider prefix;
 *   <li>{@code currency}: ISO 4217 code of every price here ({@code USD} for the built-in
 *       catalogue; an override may use {@code CNY});
 *   <li>{@code tiers}: sorted by threshold; {@link #ratesFor(long)} picks the applicable one;
 *   <li>{@code batchInput}/{@code batchOutput}: batch-API prices, informational (the gateway
 *       bills interactive calls);
 *   <li>{@code maxInputTokens}: the context window; {@code maxOutputTokens}: the output cap; null
 *       when unknown.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public record ModelPrice(
    String provider,
    String model,
    Mode mode,
    String currency,
    TokenRates rates,
    List<PriceTier> tiers,
    @Nullable BigDecimal batchInput,
    @Nullable BigDecimal batchOutput,
    @Nullable Long maxInputTokens,
    @Nullable Long maxOutputTokens) {

  private static final Pattern ISO_CURRENCY = Pattern.compile("[A-Z]{3}");

  /** What the model is called for. */
  public enum Mode {
    /** Chat completions / messages. */
    CHAT,
    /** The OpenAI Responses API only. */
    RESPONSES,
    /** Embeddings. */
    EMBEDDING
  }

  public ModelPrice {
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(mode, "mode");
    requireNonNull(currency, "currency");
    requireNonNull(rates, "rates");
    if (!ISO_CURRENCY.matcher(currency).matches()) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code: " + currency);
    }
    tiers = tiers.stream().sorted(Comparator.comparingLong(PriceTier::aboveTokens)).toList();
  }

  /** A chat model with base rates only. */
  public static ModelPrice of(String provider, String model, String currency, TokenRates rates) {
    return new ModelPrice(provider, model, Mode.CHAT, currency, rates, List.of(), null, null, null,
        null);
  }

  /**
   * The rates in force for a request whose prompt holds {@code promptTokens} tokens: the highest
   * tier whose threshold is exceeded, its unset kinds filled from the base rates.
   */
  public TokenRates ratesFor(long promptTokens) {
    TokenRates r = rates;
    for (PriceTier t : tiers) {
      if (promptTokens > t.aboveTokens()) {
        r = t.rates().over(rates);
      }
    }
    return r;
  }

  /** This price with other rates, tiers and currency, keeping identity and limits. */
  public ModelPrice withPrices(String newCurrency, TokenRates newRates, List<PriceTier> newTiers) {
    return new ModelPrice(provider, model, mode, newCurrency, newRates, newTiers, null, null,
        maxInputTokens, maxOutputTokens);
  }
}
