package dev.junction.gateway;

import static java.util.Objects.requireNonNull;

import dev.junction.config.GatewayConfig;
import dev.junction.provider.Provider;
import dev.junction.routing.Router;
import io.vertx.core.Future;
import dev.junction.routing.RoutingConfig;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A running Junction gateway: the HTTP fronts, the routes and their upstreams.
 *
 * <pre>{@code
 * Gateway gw = Gateway.builder(config).listener(ledger).start().await();
 * int port = gw.port();
 * gw.close().await();
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops accepting connections, lets requests in flight finish
 * within {@code server.shutdown-grace}, then releases every resource.
 */
public interface Gateway {

  /** The port the gateway listens on (the real one when the config said 0). */
  int port();

  /** The routes being served. */
  Router router();

  /** Stops the gateway. */
  Future<Void> close();

  /** Starts building a gateway for {@code config}. */
  static Builder builder(GatewayConfig config) {
    return new Builder(config);
  }

  /** Options of a gateway beyond its config: injected time, randomness and listeners. */
  final class Builder {
    GatewayConfig config;
    CallListener listener = CallListener.NONE;
    InstantSource clock = InstantSource.system();
    RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
    final List<Provider> providers = new ArrayList<>();

    private Builder(GatewayConfig config) {
      this.config = requireNonNull(config, "config");
    }

    /** Receives a record of every finished request (ledger, metrics). */
    public Builder listener(CallListener l) {
      this.listener = requireNonNull(l, "listener");
      return this;
    }

    /** The clock for timestamps and time-based rules. */
    public Builder clock(InstantSource c) {
      this.clock = requireNonNull(c, "clock");
      return this;
    }

    /** The random source for load balancing and jitter. */
    public Builder random(RandomGenerator r) {
      this.random = requireNonNull(r, "random");
      return this;
    }

    /** The {@code routing:} section, replacing the config's (balancing, retries, fallbacks…). */
    public Builder routing(RoutingConfig r) {
      this.config = config.withRouting(requireNonNull(r, "routing"));
      return this;
    }

    /** Adds or replaces a provider (e.g. a test double or a third-party vendor). */
    public Builder provider(Provider p) {
      providers.add(requireNonNull(p, "provider"));
      return this;
    }

    /** Starts the gateway; fails with a message naming the bad setting when the config is wrong. */
    public Future<Gateway> start() {
      return GatewayRuntime.start(this);
    }
  }
}
