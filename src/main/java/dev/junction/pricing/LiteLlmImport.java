package dev.junction.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Converts LiteLLM's {@code model_prices_and_context_window.json} into Junction's catalogue
 * format. Run it to refresh {@code catalogue.json}:
 *
 * <pre>
 *   java -cp target/classes:$(deps) dev.junction.pricing.LiteLlmImport \
 *       model_prices_and_context_window.json src/main/resources/dev/junction/pricing/catalogue.json \
 *       &lt;litellm commit&gt;
 * </pre>
 *
 * <p>Numbers are read as {@link BigDecimal} (the shared mapper has {@code
 * USE_BIG_DECIMAL_FOR_FLOATS}) and shifted six places to per-million prices, so {@code 2.5e-06}
 * becomes exactly {@code 2.5}. Kept: entries of {@link #PROVIDERS} whose mode is chat, responses
 * or embedding and that have a per-token price. Dropped: entries with a per-request fee (the
 * catalogue cannot express it) and price kinds Junction does not bill (audio, image, search
 * context, priority/flex tiers).
 */
final class LiteLlmImport {

  /** LiteLLM provider to Junction provider. */
  static final Map<String, String> PROVIDERS = providers();

  /**
   * Entries LiteLLM lists only under another host, at the same list price: Junction id to the
   * LiteLLM key whose prices are used.
   */
  static final Map<String, String> DERIVED = Map.of(
      "anthropic/claude-3-5-haiku-20241022", "anthropic.claude-3-5-haiku-20241022-v1:0");

  private static final Set<String> MODES = Set.of("chat", "responses", "embedding");
  private static final Pattern ABOVE =
      Pattern.compile("^(.+)_above_(\\d+)k_tokens$");

  private LiteLlmImport() {}

  private static Map<String, String> providers() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String p : List.of("openai", "anthropic", "gemini", "deepseek", "xai", "mistral", "groq",
        "moonshot", "zai", "perplexity", "openrouter")) {
      m.put(p, p);
    }
    m.put("dashscope", "qwen");
    return Map.copyOf(m);
  }

  /** An imported entry and the LiteLLM key it came from. */
  record Entry(ModelPrice price, String litellmKey) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: LiteLlmImport <litellm json> <catalogue json> <litellm commit>");
      System.exit(2);
    }
    List<Entry> entries;
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      entries = convert(Json.MAPPER.readTree(in));
    }
    try (Writer w = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
      write(entries, args[2], w);
    }
    System.out.println(entries.size() + " models written to " + args[1]);
  }

  static List<Entry> convert(JsonNode root) {
    Map<String, Entry> byId = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String key = e.getKey();
      JsonNode n = e.getValue();
      String provider = PROVIDERS.get(n.path("litellm_provider").asText());
      if (provider == null || !MODES.contains(n.path("mode").asText()) || n.has(
          "input_cost_per_request")) {
        continue;
      }
      String prefix = n.path("litellm_provider").asText() + "/";
      boolean prefixed = key.startsWith(prefix);
      String model = prefixed ? key.substring(prefix.length()) : key;
      ModelPrice price = price(provider, model, n);
      if (price == null) {
        continue;
      }
      String id = provider + "/" + model;
      Entry old = byId.get(id);
      // LiteLLM lists some models both bare and provider-prefixed; the prefixed one is canonical.
      if (old == null || prefixed) {
        byId.put(id, new Entry(price, key));
      }
    }
    DERIVED.forEach((id, key) -> {
      JsonNode n = root.get(key);
      if (n == null) {
        throw new IllegalArgumentException("derived entry " + id + ": no LiteLLM key " + key);
      }
      int slash = id.indexOf('/');
      ModelPrice p = price(id.substring(0, slash), id.substring(slash + 1), n);
      if (p != null) {
        byId.putIfAbsent(id, new Entry(p, key));
      }
    });
    return List.copyOf(byId.values());
  }

  static @Nullable ModelPrice price(String provider, String model, JsonNode n) {
    TokenRates base = rates(n, "");
    Map<Long, TokenRates> tiers = new TreeMap<>();
    for (JsonNode t : n.path("tiered_pricing")) {
      long lo = t.path("range").path(0).decimalValue().longValueExact();
      TokenRates r = rates(t, "");
      if (lo == 0) {
        base = base.over(r);
      } else {
        tiers.put(lo, r);
      }
    }
    for (Map.Entry<String, JsonNode> field : n.properties()) {
      Matcher m = ABOVE.matcher(field.getKey());
      if (m.matches() && kind(m.group(1)) != null) {
        long above = Long.parseLong(m.group(2)) * 1000;
        tiers.putIfAbsent(above, rates(n, "_above_" + m.group(2) + "k_tokens"));
      }
    }
    if (base.input() == null && base.output() == null) {
      return null;
    }
    List<PriceTier> tierList = new ArrayList<>();
    tiers.forEach((above, r) -> tierList.add(new PriceTier(above, r)));
    ModelPrice.Mode mode = ModelPrice.Mode.valueOf(n.path("mode").asText().toUpperCase(java.util.Locale.ROOT));
    return new ModelPrice(provider, model, mode, "USD", base, tierList,
        perMillion(n.get("input_cost_per_token_batches")),
        perMillion(n.get("output_cost_per_token_batches")), count(n.get("max_input_tokens")),
        count(n.get("max_output_tokens")));
  }

  /** The rates of the fields named {@code <kind field><suffix>}. */
  private static TokenRates rates(JsonNode n, String suffix) {
    BigDecimal cacheRead = perMillion(n.get("cache_read_input_token_cost" + suffix));
    if (cacheRead == null && suffix.isEmpty()) {
      cacheRead = perMillion(n.get("input_cost_per_token_cache_hit"));
    }
    return new TokenRates(perMillion(n.get("input_cost_per_token" + suffix)), cacheRead,
        perMillion(n.get("cache_creation_input_token_cost" + suffix)),
        perMillion(n.get("cache_creation_input_token_cost_above_1hr" + suffix)),
        perMillion(n.get("output_cost_per_token" + suffix)),
        perMillion(n.get("output_cost_per_reasoning_token" + suffix)));
  }

  private static @Nullable TokenKind kind(String field) {
    return switch (field) {
      case "input_cost_per_token" -> TokenKind.INPUT;
      case "cache_read_input_token_cost" -> TokenKind.CACHE_READ;
      case "cache_creation_input_token_cost" -> TokenKind.CACHE_WRITE_5M;
      case "cache_creation_input_token_cost_above_1hr" -> TokenKind.CACHE_WRITE_1H;
      case "output_cost_per_token" -> TokenKind.OUTPUT;
      case "output_cost_per_reasoning_token" -> TokenKind.REASONING;
      default -> null;
    };
  }

  private static @Nullable BigDecimal perMillion(@Nullable JsonNode v) {
    if (v == null || !v.isNumber()) {
      return null;
    }
    return v.decimalValue().movePointRight(6);
  }

  private static @Nullable Long count(@Nullable JsonNode v) {
    return v == null || !v.isNumber() ? null : v.decimalValue().longValueExact();
  }

  static void write(List<Entry> entries, String commit, Writer w) throws IOException {
    w.write("{\n");
    w.write("  \"format\": \"" + CatalogueFormat.FORMAT + "\",\n");
    w.write("  \"unit\": \"" + CatalogueFormat.UNIT + "\",\n");
    w.write("  \"source\": {\"repository\": \"BerriAI/litellm\", "
        + "\"file\": \"model_prices_and_context_window.json\", \"commit\": \"" + commit
        + "\", \"license\": \"MIT\", \"notice\": \"NOTICE.txt\", "
        + "\"converter\": \"dev.junction.pricing.LiteLlmImport\"},\n");
    w.write("  \"models\": [\n");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      w.write("    " + CatalogueFormat.line(e.price(), e.litellmKey())
          + (i + 1 < entries.size() ? ",\n" : "\n"));
    }
    w.write("  ]\n}\n");
  }
}
