package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

/**
 * A long-context tier: when a request's prompt holds <b>more than</b> {@code aboveTokens} tokens,
 * the <em>whole</em> request is billed at these rates (Anthropic's and Gemini's semantics, and
 * LiteLLM's {@code *_above_200k_tokens} fields). Kinds the tier leaves null are billed at the base
 * rate. Immutable and thread-safe.
 */
public record PriceTier(long aboveTokens, TokenRates rates) {

  public PriceTier {
    if (aboveTokens <= 0) {
      throw new IllegalArgumentException("tier threshold must be > 0: " + aboveTokens);
    }
    requireNonNull(rates, "rates");
  }
}
