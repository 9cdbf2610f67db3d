package dev.junction.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Prices by (provider, model). {@link #builtIn()} is the catalogue shipped with Junction, derived
 * from LiteLLM's price list (see {@code docs/PRICING.md}); {@link #of(Collection)} builds one from
 * code or config; {@link #withOverrides(Collection)} layers operator prices with effective dates.
 *
 * <p>Lookup normalises the provider (lower case; aliases such as {@code dashscope} to {@code qwen},
 * {@code kimi} to {@code moonshot}) and then tries, in order: the model id as given; the id
 * without a {@code provider/} prefix ({@code deepseek/deepseek-chat}); for a dated id ({@code
 * gpt-4o-2024-08-06}, {@code claude-sonnet-4-5-20250929}) the dated entry, else the undated one;
 * for {@code -latest} or an undated id, the undated entry, else the newest dated entry ({@code
 * claude-3-7-sonnet} finds {@code claude-3-7-sonnet-20250219}). The first id with a price wins.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface PriceCatalogue {

  /** Name of the built-in catalogue resource, next to this class. */
  String RESOURCE = "catalogue.json";

  /** The catalogue shipped in the jar, loaded once. */
  static PriceCatalogue builtIn() {
    return MapPriceCatalogue.BuiltIn.INSTANCE;
  }

  /** A catalogue of exactly these prices (later entries replace earlier ones for the same id). */
  static PriceCatalogue of(Collection<ModelPrice> prices) {
    return MapPriceCatalogue.of("in-memory", prices);
  }

  /** A catalogue read from a {@code junction-price-catalogue/1} file; the stream is not closed. */
  static PriceCatalogue read(InputStream json) {
    CatalogueFormat.Parsed p = CatalogueFormat.read(json);
    return MapPriceCatalogue.of(p.source(), p.prices());
  }

  /** Loads a catalogue resource from the classpath. */
  static PriceCatalogue resource(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("price catalogue resource missing: " + name);
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The catalogue price of {@code model} at {@code provider}, ignoring overrides. */
  Optional<ModelPrice> lookup(String provider, String model);

  /** The price in force at {@code at}: the newest override effective by then, else the catalogue. */
  Optional<ModelPrice> lookup(String provider, String model, Instant at);

  /** This catalogue with {@code overrides} layered on top (in addition to any it already has). */
  PriceCatalogue withOverrides(Collection<PriceOverride> overrides);

  /** Every catalogue entry (overrides excluded), in file order. */
  List<ModelPrice> entries();

  /** Where the prices come from, e.g. {@code BerriAI/litellm model_prices... @ <commit>}. */
  String source();
}
