package dev.junction.pricing;

/**
 * The disjoint token buckets of {@link dev.junction.chat.Usage}, each priced at its own rate.
 */
public enum TokenKind {
  /** Prompt tokens billed at the base input rate. */
  INPUT,
  /** Prompt tokens served from the prompt cache. */
  CACHE_READ,
  /** Prompt tokens written to a 5-minute cache (Anthropic's default TTL). */
  CACHE_WRITE_5M,
  /** Prompt tokens written to a 1-hour cache. */
  CACHE_WRITE_1H,
  /** Generated tokens other than reasoning. */
  OUTPUT,
  /** Reasoning tokens the vendor reports separately. */
  REASONING
}
