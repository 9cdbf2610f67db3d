package dev.junction.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link Router} over a fixed map of routes and aliases. */
final class StaticRouter implements Router {

  /** A pattern alias: names starting with {@code prefix} go to {@code target}. */
  private record Prefix(String prefix, String target) {}

  private final Map<String, Route> byName;
  private final Map<String, String> exact;
  /** Longest prefix first. */
  private final List<Prefix> prefixes;

  StaticRouter(Map<String, Route> byName, Map<String, String> aliases) {
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    Map<String, String> exact = new LinkedHashMap<>();
    List<Prefix> prefixes = new ArrayList<>();
    aliases.forEach((alias, target) -> {
      if (byName.containsKey(alias)) {
        throw new IllegalArgumentException("aliases: '" + alias + "' is also a model name"
            + " (expected: an alias names no model of its own)");
      }
      if (!byName.containsKey(target)) {
        throw new IllegalArgumentException("aliases: '" + alias + "' -> '" + target
            + "' (expected: a configured model name or wildcard route)");
      }
      if (!alias.endsWith("*") && target.endsWith("/*")) {
        throw new IllegalArgumentException("aliases: '" + alias + "' -> '" + target
            + "' (expected: a model name; only a pattern alias ending in '*' may name a"
            + " wildcard route)");
      }
      if (alias.endsWith("*")) {
        prefixes.add(new Prefix(alias.substring(0, alias.length() - 1), target));
      } else {
        exact.put(alias, target);
      }
    });
    prefixes.sort(Comparator.comparingInt((Prefix p) -> p.prefix().length()).reversed());
    this.exact = Collections.unmodifiableMap(exact);
    this.prefixes = List.copyOf(prefixes);
  }

  @Override
  public Optional<Route> route(String model) {
    String name = canonical(model);
    Route r = byName.get(name);
    if (r != null) {
      return Optional.of(r);
    }
    return Optional.ofNullable(wildcard(name));
  }

  /** The {@code vendor/*} route serving a {@code vendor/model} name, or null. */
  private @Nullable Route wildcard(String name) {
    int slash = name.indexOf('/');
    return slash > 0 ? byName.get(name.substring(0, slash) + "/*") : null;
  }

  @Override
  public String canonical(String model) {
    if (byName.containsKey(model)) {
      return model;
    }
    String target = exact.get(model);
    if (target == null && wildcard(model) == null) {
      for (Prefix p : prefixes) {
        if (model.startsWith(p.prefix())) {
          target = p.target();
          break;
        }
      }
    }
    if (target == null) {
      return model;
    }
    // a wildcard route serves vendor/<name>: the name the client sent becomes the model id
    return target.endsWith("/*") ? target.substring(0, target.length() - 1) + model : target;
  }

  @Override
  public Collection<Route> routes() {
    return byName.values().stream().filter(r -> !r.name().endsWith("/*")).toList();
  }

  @Override
  public Map<String, String> aliases() {
    return exact;
  }
}
