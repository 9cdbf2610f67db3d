/**
 * Routing and resilience: which deployments may serve a model name, in what order to try them,
 * and what to do when they fail.
 *
 * <ul>
 *   <li>{@link dev.junction.routing.Router} resolves a model name to a {@link
 *       dev.junction.routing.Route} (exact names, then {@code vendor/*} wildcards);
 *   <li>{@link dev.junction.routing.HealthBoard} holds each deployment's {@link
 *       dev.junction.routing.DeploymentHealth}: in-flight calls, latency averages, circuit
 *       breaker, 429 cooldown;
 *   <li>{@link dev.junction.routing.Balancer} orders a route's available deployments (weighted,
 *       least in flight, lowest latency; priority tiers first);
 *   <li>{@link dev.junction.routing.RetryPolicy} and {@link dev.junction.routing.Backoff} decide
 *       retries; {@link dev.junction.routing.HedgePolicy} decides hedges; {@link
 *       dev.junction.routing.Fallbacks} picks other models;
 *   <li>{@link dev.junction.routing.Pacing} keeps calls within the vendor limits deployments
 *       declare ({@code limits: {rpm, tpm}}), queueing by priority when every one is full;
 *   <li>{@link dev.junction.routing.HealthProbes} optionally calls deployments itself (one-token
 *       probes, {@code routing.probes}) so an open breaker closes without risking client traffic;
 *   <li>{@link dev.junction.routing.Attempts} runs a request with all of them; {@link
 *       dev.junction.routing.RoutingConfig} is the {@code routing:} config section. The gateway's
 *       {@code Dispatcher} sends every request through it.
 * </ul>
 *
 * <pre>{@code
 * RoutingConfig config = RoutingConfig.fromNode(yamlTree.get("routing"));
 * HealthBoard board = HealthBoard.create(config, InstantSource.system());
 * Attempts attempts = Attempts.create(router, board,
 *     Balancer.create(config.strategy(), board, random),
 *     RetryPolicy.create(config.retry(), random), HedgePolicy.create(config.hedge()),
 *     Fallbacks.create(config, router, PriceCatalogue.builtIn()), Scheduler.vertx(vertx));
 * Route route = router.route("fast").orElseThrow();
 * attempts.run(route, "fast", Attempts.Call.of((u, r, model, c) -> u.chat(request, c)), ctx)
 *     .onSuccess(served -> served.headers().forEach(response::putHeader));
 * }</pre>
 */
@NullMarked
package dev.junction.routing;

import org.jspecify.annotations.NullMarked;
