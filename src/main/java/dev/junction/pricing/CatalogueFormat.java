package dev.junction.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes Junction's catalogue file ({@code junction-price-catalogue/1}, documented in
 * {@code docs/PRICING.md}): a header ({@code format}, {@code unit}, {@code source}) and a {@code
 * models} array with one object per line. Prices are decimal strings per million tokens, read with
 * {@code new BigDecimal(String)} so no price ever passes through a {@code double}.
 */
final class CatalogueFormat {

  static final String FORMAT = "junction-price-catalogue/1";
  static final String UNIT = "currency per 1000000 tokens";

  private static final String[] RATE_FIELDS =
      {"input", "cacheRead", "cacheWrite5m", "cacheWrite1h", "output", "reasoning"};

  private CatalogueFormat() {}

  /** A parsed file: its source description and its entries. */
  record Parsed(String source, List<ModelPrice> prices) {}

  static Parsed read(InputStream in) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("price catalogue is not valid JSON", e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("not a " + FORMAT + " file");
    }
    JsonNode src = root.path("source");
    String source = src.path("repository").asText("?") + " " + src.path("file").asText("?")
        + " @ " + src.path("commit").asText("?");
    List<ModelPrice> prices = new ArrayList<>();
    for (JsonNode m : root.path("models")) {
      try {
        prices.add(model(m));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("bad catalogue entry " + m + ": " + e.getMessage(), e);
      }
    }
    return new Parsed(source, List.copyOf(prices));
  }

  static ModelPrice model(JsonNode m) {
    List<PriceTier> tiers = new ArrayList<>();
    for (JsonNode t : m.path("tiers")) {
      tiers.add(new PriceTier(t.path("above").asLong(), rates(t)));
    }
    return new ModelPrice(text(m, "provider"), text(m, "model"),
        ModelPrice.Mode.valueOf(text(m, "mode").toUpperCase(Locale.ROOT)),
        m.path("currency").asText("USD"), rates(m), tiers, decimal(m, "batchInput"),
        decimal(m, "batchOutput"), count(m, "maxInputTokens"), count(m, "maxOutputTokens"));
  }

  static TokenRates rates(JsonNode n) {
    return new TokenRates(decimal(n, "input"), decimal(n, "cacheRead"),
        decimal(n, "cacheWrite5m"), decimal(n, "cacheWrite1h"), decimal(n, "output"),
        decimal(n, "reasoning"));
  }

  /** A decimal field: a string (the catalogue's form) or a JSON number read as a decimal. */
  static @Nullable BigDecimal decimal(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return new BigDecimal(v.asText().trim());
    }
    if (v.isNumber()) {
      // A double node only holds what Jackson parsed; its shortest text is the written decimal.
      return v.isFloatingPointNumber() && !v.isBigDecimal()
          ? new BigDecimal(v.asText()) : v.decimalValue();
    }
    throw new IllegalArgumentException(field + " must be a decimal string: " + v);
  }

  private static @Nullable Long count(JsonNode n, String field) {
    BigDecimal d = decimal(n, field);
    return d == null ? null : d.longValueExact();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v.asText();
  }

  /** One entry as a single-line JSON object, fields in a fixed order. */
  static String line(ModelPrice p, @Nullable String litellmKey) {
    ObjectNode o = Json.NODES.objectNode();
    o.put("provider", p.provider());
    o.put("model", p.model());
    if (litellmKey != null) {
      o.put("litellmKey", litellmKey);
    }
    o.put("mode", p.mode().name().toLowerCase(Locale.ROOT));
    o.put("currency", p.currency());
    putRates(o, p.rates());
    putPlain(o, "batchInput", p.batchInput());
    putPlain(o, "batchOutput", p.batchOutput());
    if (p.maxInputTokens() != null) {
      o.put("maxInputTokens", p.maxInputTokens());
    }
    if (p.maxOutputTokens() != null) {
      o.put("maxOutputTokens", p.maxOutputTokens());
    }
    if (!p.tiers().isEmpty()) {
      ArrayNode tiers = o.putArray("tiers");
      for (PriceTier t : p.tiers()) {
        ObjectNode tn = tiers.addObject();
        tn.put("above", t.aboveTokens());
        putRates(tn, t.rates());
      }
    }
    return o.toString();
  }

  private static void putRates(ObjectNode o, TokenRates r) {
    BigDecimal[] values = {r.input(), r.cacheRead(), r.cacheWrite5m(), r.cacheWrite1h(),
        r.output(), r.reasoning()};
    for (int i = 0; i < RATE_FIELDS.length; i++) {
      putPlain(o, RATE_FIELDS[i], values[i]);
    }
  }

  private static void putPlain(ObjectNode o, String field, @Nullable BigDecimal v) {
    if (v != null) {
      o.put(field, v.toPlainString());
    }
  }
}
