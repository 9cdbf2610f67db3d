package dev.junction.routing;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the model name a client sent to a {@link Route}. Exact names first; then {@code
 * vendor/model} names when a route for that vendor prefix exists ({@code openai/*} style wildcard
 * routes, registered under the name {@code openai/*}). Immutable and thread-safe.
 */
public interface Router {

  /** The route serving {@code model}, if any. */
  Optional<Route> route(String model);

  /** Every named route, in configuration order (wildcards excluded). */
  Collection<Route> routes();

  /** A router over fixed routes. */
  static Router of(List<Route> routes) {
    Map<String, Route> byName = new LinkedHashMap<>();
    for (Route r : routes) {
      byName.put(r.name(), r);
    }
    return new StaticRouter(byName);
  }
}
