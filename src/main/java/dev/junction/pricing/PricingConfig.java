package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code pricing:} section of the gateway configuration:
 *
 * <pre>{@code
 * pricing:
 *   refuse-unpriced: false          # true: refuse to start when a configured model has no price
 *   exchange-rates:
 *     - {from: CNY, to: USD, rate: "0.14", effective-from: 2025-10-01}
 *   overrides:
 *     - provider: deepseek
 *       model: deepseek-chat
 *       currency: CNY               # ISO 4217; default USD
 *       effective-from: 2025-09-05  # a date (UTC midnight) or an ISO instant; default: always
 *       per-million:                # prices per 1,000,000 tokens; quote them to keep them exact
 *         input: "2"
 *         cache-read: "0.2"
 *         output: "3"
 *       tiers:                      # optional long-context tiers
 *         - {above: 200000, input: "4", output: "6"}
 * }</pre>
 *
 * <p>Rate keys: {@code input}, {@code cache-read}, {@code cache-write} (5-minute), {@code
 * cache-write-1h}, {@code output}, {@code reasoning}. Errors name the offending path. Immutable.
 */
public record PricingConfig(
    List<PriceOverride> overrides, ExchangeRates exchangeRates, boolean refuseUnpriced) {

  private static final Instant ALWAYS = Instant.EPOCH;

  public PricingConfig {
    overrides = List.copyOf(overrides);
    requireNonNull(exchangeRates, "exchangeRates");
  }

  /** No overrides, default exchange rates, unpriced models allowed. */
  public static PricingConfig defaults() {
    return new PricingConfig(List.of(), ExchangeRates.defaults(), false);
  }

  /** Reads the {@code pricing} node (YAML or JSON); null or missing means {@link #defaults()}. */
  public static PricingConfig fromNode(@Nullable JsonNode pricing) {
    if (pricing == null || pricing.isNull() || pricing.isMissingNode()) {
      return defaults();
    }
    if (!pricing.isObject()) {
      throw new IllegalArgumentException("pricing: must be a mapping");
    }
    List<ExchangeRate> rates = new ArrayList<>();
    int i = 0;
    for (JsonNode r : pricing.path("exchange-rates")) {
      String at = "pricing.exchange-rates[" + i++ + "]";
      rates.add(new ExchangeRate(currency(r, "from", at), currency(r, "to", at),
          required(decimal(r, "rate", at), at + ".rate"), instant(r.get("effective-from"), at)));
    }
    List<PriceOverride> overrides = new ArrayList<>();
    i = 0;
    for (JsonNode o : pricing.path("overrides")) {
      String at = "pricing.overrides[" + i++ + "]";
      List<PriceTier> tiers = new ArrayList<>();
      int j = 0;
      for (JsonNode t : o.path("tiers")) {
        String tat = at + ".tiers[" + j++ + "]";
        tiers.add(new PriceTier(t.path("above").asLong(0), rates(t, tat)));
      }
      String currency = o.has("currency") ? currency(o, "currency", at) : "USD";
      try {
        overrides.add(new PriceOverride(text(o, "provider", at), text(o, "model", at), currency,
            rates(o.path("per-million"), at + ".per-million"), tiers,
            instant(o.get("effective-from"), at)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
      }
    }
    return new PricingConfig(overrides, ExchangeRates.withDefaults(rates),
        pricing.path("refuse-unpriced").asBoolean(false));
  }

  private static TokenRates rates(JsonNode n, String at) {
    return new TokenRates(decimal(n, "input", at), decimal(n, "cache-read", at),
        decimal(n, "cache-write", at), decimal(n, "cache-write-1h", at), decimal(n, "output", at),
        decimal(n, "reasoning", at));
  }

  private static @Nullable BigDecimal decimal(JsonNode n, String field, String at) {
    try {
      return CatalogueFormat.decimal(n, field);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(at + "." + field + ": not a decimal number ("
          + n.get(field) + ")", e);
    }
  }

  private static BigDecimal required(@Nullable BigDecimal v, String at) {
    if (v == null) {
      throw new IllegalArgumentException(at + ": missing");
    }
    return v;
  }

  private static String text(JsonNode n, String field, String at) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(at + "." + field + ": missing");
    }
    return v.asText().trim();
  }

  private static String currency(JsonNode n, String field, String at) {
    String c = text(n, field, at).toUpperCase(Locale.ROOT);
    if (!c.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException(at + "." + field + ": not an ISO 4217 code: " + c);
    }
    return c;
  }

  private static Instant instant(@Nullable JsonNode v, String at) {
    if (v == null || v.isNull()) {
      return ALWAYS;
    }
    String s = v.asText().trim();
    try {
      return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(at + ".effective-from: expected 2025-10-01 or "
          + "2025-10-01T00:00:00Z, got " + s, e);
    }
  }
}
