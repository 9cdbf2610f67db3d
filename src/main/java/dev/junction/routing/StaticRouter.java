package dev.junction.routing;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** {@link Router} over a fixed map of routes. */
final class StaticRouter implements Router {

  private final Map<String, Route> byName;

  StaticRouter(Map<String, Route> byName) {
    this.byName = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byName));
  }

  @Override
  public Optional<Route> route(String model) {
    Route r = byName.get(model);
    if (r != null) {
      return Optional.of(r);
    }
    int slash = model.indexOf('/');
    if (slash > 0) {
      return Optional.ofNullable(byName.get(model.substring(0, slash) + "/*"));
    }
    return Optional.empty();
  }

  @Override
  public Collection<Route> routes() {
    return byName.values().stream().filter(r -> !r.name().endsWith("/*")).toList();
  }
}
