package dev.junction.admission;

import dev.junction.budget.CurrencyRates;
import dev.junction.budget.Reservations;
import dev.junction.budget.SpendStore;
import dev.junction.config.Secret;
import dev.junction.keys.KeyStore;
import dev.junction.keys.VirtualKeys;
import dev.junction.pricing.ModelPrice;
import dev.junction.pricing.TokenRates;
import dev.junction.ratelimit.LimitStore;
import dev.junction.ratelimit.RateLimiter;
import dev.junction.testing.ManualClock;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/** An admission point over in-process stores with a hand-moved clock. */
final class Rig {

  /** $1 per million input tokens, $2 per million output tokens, output cap 1000 tokens. */
  static final ModelPrice PRICE = new ModelPrice("openai", "gpt-x", ModelPrice.Mode.CHAT, "USD",
      TokenRates.of(new BigDecimal("1"), new BigDecimal("2")), List.of(), null, null, null,
      1000L);

  final ManualClock clock = ManualClock.at("2026-05-10T10:00:00Z");
  final VirtualKeys keys;
  final SpendStore spend;
  final Reservations budgets;
  final Admission admission;

  Rig(@Nullable String master, SpendStore spend) {
    this.keys = VirtualKeys.open(KeyStore.inMemory(), master == null ? null : Secret.of(master),
        new SplittableRandom(11), clock);
    this.spend = spend;
    this.budgets = Reservations.of(spend, CurrencyRates.NONE, e -> { }, clock);
    this.admission = Admission.of(keys, budgets, RateLimiter.of(LimitStore.inMemory(), clock),
        model -> model.startsWith("gpt-") ? List.of(PRICE) : List.of(), CurrencyRates.NONE,
        AdmissionPolicy.DEFAULTS, clock);
  }

  Rig(@Nullable String master) {
    this(master, SpendStore.inMemory());
  }
}
