package dev.junction.routing;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Router} over a fixed map of routes. */
final class StaticRouter implements Router {

  private final Map<String, Route> byName;
  /** Named routes in configuration order: {@code Map.copyOf} above does not keep any order. */
  private final List<Route> named;

  StaticRouter(Map<String, Route> byName) {
    this.byName = Map.copyOf(byName);
    this.named = byName.values().stream().filter(r -> !r.name().endsWith("/*")).toList();
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
    return named;
  }
}
