/**
 * Routing: which deployments may serve a model name, and in what order to try them.
 *
 * <pre>{@code
 * Router router = Router.of(routes);
 * Route route = router.route("fast").orElseThrow();
 * for (Upstream u : route.candidates(random)) { ... try u, fall over to the next on a retryable error ... }
 * }</pre>
 */
@NullMarked
package dev.junction.routing;

import org.jspecify.annotations.NullMarked;
