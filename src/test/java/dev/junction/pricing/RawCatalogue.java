package dev.junction.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The shipped catalogue file read as a plain JSON tree, independently of {@link CatalogueFormat}
 * and {@link MapPriceCatalogue}, so tests compute expected costs from the raw decimal strings.
 */
final class RawCatalogue {

  private static final Pattern DATE = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");
  static final JsonNode ROOT = load();

  private RawCatalogue() {}

  private static JsonNode load() {
    try (InputStream in = PriceCatalogue.class.getResourceAsStream("catalogue.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The entry for provider/model, trying the id as given, then without its date suffix. */
  static Optional<JsonNode> entry(String provider, String model) {
    Optional<JsonNode> exact = find(provider, model);
    return exact.isPresent() ? exact : find(provider, DATE.matcher(model).replaceFirst(""));
  }

  private static Optional<JsonNode> find(String provider, String model) {
    for (JsonNode m : ROOT.get("models")) {
      if (m.get("provider").asText().equals(provider) && m.get("model").asText().equals(model)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** A price string of the entry as a decimal per million tokens, or null. */
  static @Nullable BigDecimal price(JsonNode entry, String field) {
    JsonNode v = entry.get(field);
    return v == null ? null : new BigDecimal(v.asText());
  }
}
