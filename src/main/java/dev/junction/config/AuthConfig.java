package dev.junction.config;

import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Virtual keys, budgets and rate limits ({@code auth:} in YAML, docs/KEYS.md). The master key
 * itself is {@link GatewayConfig#masterKey()} (one source of truth).
 *
 * <ul>
 *   <li>{@code store}: the SQLite file holding teams, keys and budget counters ({@code
 *       auth.store}, default {@value #DEFAULT_STORE_TEXT}, next to the ledger); null keeps them
 *       in memory only (code and tests: lost at restart);
 *   <li>{@code thresholdWebhook}: where budget alerts are POSTed as JSON besides the log line
 *       ({@code auth.threshold-webhook}), or null;
 *   <li>{@code fallbackMaxOutputTokens}: the output assumed for a worst case when neither the
 *       request nor the catalogue caps it ({@code auth.fallback-max-output-tokens}, default
 *       {@value #DEFAULT_FALLBACK_MAX_OUTPUT_TOKENS});
 *   <li>{@code assumedOutputTokens}: the output charged to TPM at admission when the request sets
 *       no cap ({@code auth.assumed-output-tokens}, default {@value
 *       #DEFAULT_ASSUMED_OUTPUT_TOKENS}).
 * </ul>
 *
 * Immutable; validated on construction.
 */
public record AuthConfig(@Nullable Path store, @Nullable URI thresholdWebhook,
    long fallbackMaxOutputTokens, long assumedOutputTokens) {

  static final String DEFAULT_STORE_TEXT = "junction-data/junction.db";
  /** The default SQLite file for keys, teams and budgets. */
  public static final Path DEFAULT_STORE = Path.of("junction-data", "junction.db");
  public static final long DEFAULT_FALLBACK_MAX_OUTPUT_TOKENS = 32_768;
  public static final long DEFAULT_ASSUMED_OUTPUT_TOKENS = 1_024;

  /** The YAML defaults: SQLite at {@link #DEFAULT_STORE}, no webhook. */
  public static final AuthConfig DEFAULTS = new AuthConfig(DEFAULT_STORE, null,
      DEFAULT_FALLBACK_MAX_OUTPUT_TOKENS, DEFAULT_ASSUMED_OUTPUT_TOKENS);

  /** Keys and budgets in memory only (the default for configs built in code). */
  public static final AuthConfig IN_MEMORY = new AuthConfig(null, null,
      DEFAULT_FALLBACK_MAX_OUTPUT_TOKENS, DEFAULT_ASSUMED_OUTPUT_TOKENS);

  public AuthConfig {
    if (fallbackMaxOutputTokens < 1) {
      throw new IllegalArgumentException("fallback-max-output-tokens: " + fallbackMaxOutputTokens
          + " (expected: >= 1)");
    }
    if (assumedOutputTokens < 0) {
      throw new IllegalArgumentException("assumed-output-tokens: " + assumedOutputTokens
          + " (expected: >= 0)");
    }
    if (thresholdWebhook != null && !("http".equals(thresholdWebhook.getScheme())
        || "https".equals(thresholdWebhook.getScheme()))) {
      throw new IllegalArgumentException("threshold-webhook: " + thresholdWebhook
          + " (expected: an http or https URL)");
    }
  }

  /** Keys and budgets in the SQLite file {@code file}. */
  public static AuthConfig sqlite(Path file) {
    return DEFAULTS.withStore(file);
  }

  /** This config with another store (null: in memory). */
  public AuthConfig withStore(@Nullable Path file) {
    return new AuthConfig(file, thresholdWebhook, fallbackMaxOutputTokens, assumedOutputTokens);
  }

  /** This config posting budget alerts to {@code url}. */
  public AuthConfig withThresholdWebhook(@Nullable URI url) {
    return new AuthConfig(store, url, fallbackMaxOutputTokens, assumedOutputTokens);
  }
}
