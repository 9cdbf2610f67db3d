package dev.junction.pricing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import org.jspecify.annotations.Nullable;

/** The {@link PriceCatalogue} implementation: hash maps keyed by canonical provider and model. */
final class MapPriceCatalogue implements PriceCatalogue {

  /** Lazy holder: the built-in resource is parsed on first use, once. */
  static final class BuiltIn {
    static final PriceCatalogue INSTANCE =
        PriceCatalogue.resource(PriceCatalogue.class, PriceCatalogue.RESOURCE);

    private BuiltIn() {}
  }

  private record Key(String provider, String model) {
    static Key of(String provider, String model) {
      String p = ModelIds.provider(provider);
      return new Key(p, ModelIds.stripProviderPrefix(p, model));
    }
  }

  private final String source;
  private final Map<Key, ModelPrice> prices;
  /** Per id, newest effective date first. */
  private final Map<Key, List<PriceOverride>> overrides;
  /** (provider, undated stem) to the id of its newest dated entry or override. */
  private final Map<Key, String> newestDated;

  private MapPriceCatalogue(String source, Map<Key, ModelPrice> prices,
      Map<Key, List<PriceOverride>> overrides) {
    this.source = source;
    this.prices = prices;
    this.overrides = overrides;
    this.newestDated = newestDated(prices.keySet(), overrides.keySet());
  }

  static MapPriceCatalogue of(String source, Collection<ModelPrice> entries) {
    requireNonNull(source, "source");
    Map<Key, ModelPrice> m = new LinkedHashMap<>();
    for (ModelPrice p : entries) {
      m.put(Key.of(p.provider(), p.model()), p);
    }
    return new MapPriceCatalogue(source, m, Map.of());
  }

  @Override
  public Optional<ModelPrice> lookup(String provider, String model) {
    return resolve(provider, model, null);
  }

  @Override
  public Optional<ModelPrice> lookup(String provider, String model, Instant at) {
    requireNonNull(at, "at");
    return resolve(provider, model, at);
  }

  private Optional<ModelPrice> resolve(String provider, String model, @Nullable Instant at) {
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    String p = ModelIds.provider(provider);
    SequencedSet<String> ids = ModelIds.candidates(p, model);
    String requested = ModelIds.stripProviderPrefix(p, model);
    if (ModelIds.dated(requested).isEmpty()) {
      String newest = newestDated.get(new Key(p, ids.getLast()));
      if (newest != null) {
        ids.add(newest);
      }
    }
    for (String id : ids) {
      Optional<ModelPrice> price = priceOf(new Key(p, id), at);
      if (price.isPresent()) {
        return price;
      }
    }
    return Optional.empty();
  }

  private Optional<ModelPrice> priceOf(Key key, @Nullable Instant at) {
    ModelPrice base = prices.get(key);
    if (at != null) {
      for (PriceOverride o : overrides.getOrDefault(key, List.of())) {
        if (!o.effectiveFrom().isAfter(at)) {
          return Optional.of(o.applyTo(base));
        }
      }
    }
    return Optional.ofNullable(base);
  }

  @Override
  public PriceCatalogue withOverrides(Collection<PriceOverride> added) {
    Map<Key, List<PriceOverride>> m = new HashMap<>();
    overrides.forEach((k, v) -> m.put(k, new ArrayList<>(v)));
    for (PriceOverride o : added) {
      m.computeIfAbsent(Key.of(o.provider(), o.model()), k -> new ArrayList<>()).add(o);
    }
    Map<Key, List<PriceOverride>> sorted = new HashMap<>();
    m.forEach((k, v) -> sorted.put(k, v.stream()
        .sorted(Comparator.comparing(PriceOverride::effectiveFrom).reversed()).toList()));
    return new MapPriceCatalogue(source, prices, Map.copyOf(sorted));
  }

  @Override
  public List<ModelPrice> entries() {
    return List.copyOf(prices.values());
  }

  @Override
  public String source() {
    return source;
  }

  private static Map<Key, String> newestDated(Collection<Key> a, Collection<Key> b) {
    Map<Key, String[]> best = new HashMap<>();
    for (Collection<Key> keys : List.of(a, b)) {
      for (Key k : keys) {
        ModelIds.dated(k.model()).ifPresent(d -> best.merge(new Key(k.provider(), d[0]),
            new String[] {k.model(), normalisedDate(d[1])},
            (x, y) -> x[1].compareTo(y[1]) >= 0 ? x : y));
      }
    }
    Map<Key, String> out = new HashMap<>();
    best.forEach((k, v) -> out.put(k, v[0]));
    return Map.copyOf(out);
  }

  private static String normalisedDate(String date) {
    return date.replace("-", "");
  }
}
