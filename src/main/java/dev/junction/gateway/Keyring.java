package dev.junction.gateway;

import dev.junction.admission.Admission;
import dev.junction.admission.AdmissionPolicy;
import dev.junction.admission.PriceLookup;
import dev.junction.budget.Reservations;
import dev.junction.budget.SpendStore;
import dev.junction.budget.ThresholdListener;
import dev.junction.config.AuthConfig;
import dev.junction.config.GatewayConfig;
import dev.junction.keys.KeyStore;
import dev.junction.keys.VirtualKeys;
import dev.junction.pricing.ModelPrice;
import dev.junction.provider.Upstream;
import dev.junction.ratelimit.LimitStore;
import dev.junction.ratelimit.RateLimiter;
import dev.junction.routing.Fallbacks;
import dev.junction.routing.Route;
import dev.junction.routing.Router;
import dev.junction.routing.Scheduler;
import dev.junction.sqlite.SqliteDatabase;
import io.vertx.core.http.HttpClient;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's keys, budgets and rate limits, opened from {@link GatewayConfig#auth()}: one
 * {@link SqliteDatabase} (or an in-memory one) holding teams, keys and budget counters, the
 * {@link VirtualKeys} index, {@link Reservations}, an in-memory {@link RateLimiter}, and the
 * {@link Admission} over them, whose prices come from the router's deployments and the price
 * catalogue. Secrets are drawn from a {@link SecureRandom}, never from the injected random source.
 * Thread-safe; {@link #close} closes the database.
 */
record Keyring(SqliteDatabase db, VirtualKeys keys, Reservations budgets, Admission admission) {

  static Keyring open(GatewayConfig config, Router router, Fallbacks fallbacks, Pricing pricing,
      Gateway.Builder b, HttpClient client, Scheduler timers) {
    AuthConfig auth = config.auth();
    SqliteDatabase db = auth.store() == null ? SqliteDatabase.inMemory()
        : SqliteDatabase.open(auth.store());
    try {
      VirtualKeys keys = VirtualKeys.open(KeyStore.sqlite(db), config.masterKey(),
          new SecureRandom(), b.clock);
      ThresholdListener alerts = ThresholdListener.log();
      if (auth.thresholdWebhook() != null) {
        alerts = alerts.andThen(new BudgetWebhook(client, auth.thresholdWebhook(), timers));
      }
      alerts = alerts.andThen(b.thresholds);
      var rates = config.pricing().exchangeRates();
      Reservations budgets = Reservations.of(SpendStore.sqlite(db), rates::rate, alerts,
          b.clock);
      RateLimiter limiter = RateLimiter.of(LimitStore.inMemory(), b.clock);
      PriceLookup prices = model -> prices(router, fallbacks, pricing, model,
          b.clock.instant());
      Admission admission = Admission.of(keys, budgets, limiter, prices, rates::rate,
          new AdmissionPolicy(auth.fallbackMaxOutputTokens(), auth.assumedOutputTokens()),
          b.clock);
      return new Keyring(db, keys, budgets, admission);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * The price of every deployment that may serve {@code model}: its own and those of its fallback
   * models (any reason), so a budget's worst case covers a fallback that costs more; empty when
   * any is unpriced or the model unknown.
   */
  static List<ModelPrice> prices(Router router, Fallbacks fallbacks, Pricing pricing,
      String model, Instant at) {
    String canonical = router.canonical(model);
    Set<String> models = new LinkedHashSet<>();
    models.add(canonical);
    models.addAll(fallbacks.onExhausted(canonical));
    models.addAll(fallbacks.onContextWindow(canonical));
    models.addAll(fallbacks.onContentPolicy(canonical));
    List<ModelPrice> out = new ArrayList<>();
    for (String name : models) {
      Optional<Route> route = router.route(name);
      if (route.isEmpty()) {
        return List.of();
      }
      String served = router.canonical(name);
      for (Upstream u : route.get().upstreams()) {
        String m = u.deployment().model();
        if (m.equals("*")) {
          int slash = served.indexOf('/');
          m = slash < 0 ? served : served.substring(slash + 1);
        }
        Optional<ModelPrice> p = pricing.price(u.deployment().provider(), m, at);
        if (p.isEmpty()) {
          return List.of();
        }
        out.add(p.get());
      }
    }
    return out;
  }

  void close() {
    db.close();
  }
}
