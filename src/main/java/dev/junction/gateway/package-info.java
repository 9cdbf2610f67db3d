/**
 * The running gateway: the HTTP listener ({@code HttpVerticle}), the fronts that speak the
 * OpenAI API ({@code OpenAiFront}) and the Anthropic Messages API ({@code AnthropicFront}) to
 * clients, and the dispatcher that runs each request through the routing core ({@link
 * dev.junction.routing.Attempts}: balancing, retries, breakers, hedging, fallbacks, pacing),
 * relaying Anthropic clients' bodies untouched to Anthropic deployments and translating for the
 * others. The public entry point is {@link dev.junction.gateway.Gateway}:
 *
 * <pre>{@code
 * Gateway gw = Gateway.builder(config).listener(record -> ledger.add(record)).start()
 *     .await();
 * // clients: OpenAI SDKs at http://127.0.0.1:{port}/v1, Anthropic SDKs (ANTHROPIC_BASE_URL)
 * // at http://127.0.0.1:{port}
 * gw.close().await();
 * }</pre>
 */
@NullMarked
package dev.junction.gateway;

import org.jspecify.annotations.NullMarked;
