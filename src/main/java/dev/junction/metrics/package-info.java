/**
 * Prometheus metrics in the text exposition format, fed by the gateway's call records.
 *
 * <pre>{@code
 * Metrics metrics = Metrics.create();
 * Gateway.builder(config).listener(metrics::onCall).metrics(metrics).start();
 * // GET /metrics -> metrics.scrape()
 * }</pre>
 */
@NullMarked
package dev.junction.metrics;

import org.jspecify.annotations.NullMarked;
