package dev.junction.provider;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * What providers share: the Vert.x instance, one pooled HTTP client for every upstream, the clock
 * and the random source (injected so tests control time and chance).
 */
public record ProviderContext(
    Vertx vertx, HttpClient httpClient, InstantSource clock, RandomGenerator random) {
  public ProviderContext {
    requireNonNull(vertx, "vertx");
    requireNonNull(httpClient, "httpClient");
    requireNonNull(clock, "clock");
    requireNonNull(random, "random");
  }
}
