package dev.junction.routing;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the model name a client sent to a {@link Route}. Exact model names first; then exact
 * aliases ({@code smart → gpt-4o}); then {@code vendor/model} names when a route for that vendor
 * prefix exists ({@code openai/*} style wildcard routes, registered under the name {@code
 * openai/*}); then pattern aliases ending in {@code *} (such as {@code gpt-* → openai/*}), which
 * take every other name with that prefix, the longest prefix winning. Immutable and thread-safe.
 *
 * <pre>{@code
 * Router router = Router.of(routes, Map.of("smart", "gpt-4o", "gpt-*", "openai/*"));
 * router.canonical("smart");   // "gpt-4o"
 * router.canonical("gpt-4.1"); // "openai/gpt-4.1", served by the openai/* route
 * }</pre>
 */
public interface Router {

  /** The route serving {@code model} (a model name, an alias or a wildcard name), if any. */
  Optional<Route> route(String model);

  /**
   * The model name {@code model} stands for: the target of an alias ({@code vendor/} plus the
   * name when the alias points at a wildcard route {@code vendor/*}), else {@code model} itself.
   * This is the name routing, fallbacks and upstream model ids work with.
   */
  default String canonical(String model) {
    return model;
  }

  /** Every named route, in configuration order (wildcards excluded). */
  Collection<Route> routes();

  /** The exact aliases (pattern aliases excluded) and the model each names, in order. */
  default Map<String, String> aliases() {
    return Map.of();
  }

  /** A router over fixed routes, without aliases. */
  static Router of(List<Route> routes) {
    return of(routes, Map.of());
  }

  /**
   * A router over fixed routes and aliases (alias → model name or wildcard route name). Fails
   * when an alias shadows a model or names no route.
   */
  static Router of(List<Route> routes, Map<String, String> aliases) {
    Map<String, Route> byName = new LinkedHashMap<>();
    for (Route r : routes) {
      byName.put(r.name(), r);
    }
    return new StaticRouter(byName, aliases);
  }
}
