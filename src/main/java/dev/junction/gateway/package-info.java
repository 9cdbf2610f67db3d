/**
 * The running gateway: the HTTP server, the OpenAI-compatible front, dispatch to upstreams with
 * failover, and one {@link dev.junction.gateway.CallRecord} per client request for the ledger and
 * the metrics.
 *
 * <pre>{@code
 * GatewayConfig config = ConfigLoader.withEnv(System.getenv()).load(Path.of("junction.yaml"));
 * Gateway gateway = Gateway.builder(config)
 *     .listener(record -> ledger.record(record))   // never blocks: hand off to a queue
 *     .start().toCompletionStage().toCompletableFuture().join();
 * }</pre>
 *
 * <p>Every request runs on one event loop from body to last byte; nothing here blocks.
 */
@NullMarked
package dev.junction.gateway;

import org.jspecify.annotations.NullMarked;
