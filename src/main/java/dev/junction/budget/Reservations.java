package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserve, then settle: the budget enforcement of one request across all its budgets (key and
 * team).
 *
 * <ol>
 *   <li>{@link #reserve}: before the call, its worst-case cost is converted into each budget's
 *       currency and held in each budget's current period bucket, atomically: if any hard budget
 *       cannot take it ({@code spent + reserved + worstCase > amount}) nothing is held and the
 *       answer is {@link BudgetExceeded}.
 *   <li>{@link #settle}: after the call, the hold is replaced by the real cost (same conversion
 *       factor as the hold, so a rate change mid-call cannot shift spend); soft alerts whose
 *       threshold the settled spend has now reached fire, once per period each.
 *   <li>{@link #release}: the call never reached an upstream: the hold is dropped.
 * </ol>
 *
 * <p><b>The bound.</b> With every hold in place, {@code spent + reserved <= amount} holds for each
 * hard budget at all times. A settlement adds {@code actual - worstCase} to that sum, so spend can
 * pass the amount only by the sum, over calls whose real cost exceeded their worst case, of the
 * excess. When the worst case is a true upper bound (see docs/KEYS.md) the overshoot is zero,
 * however many calls run concurrently. Spend of a call is counted in the period in which it was
 * reserved.
 *
 * <p>Thread-safe; the store serialises the counters.
 */
public final class Reservations {

  private static final Logger LOG = LoggerFactory.getLogger("junction.budget");

  private final SpendStore store;
  private final CurrencyRates rates;
  private final ThresholdListener listener;
  private final InstantSource clock;
  private final AtomicLong sequence = new AtomicLong();

  private Reservations(SpendStore store, CurrencyRates rates, ThresholdListener listener,
      InstantSource clock) {
    this.store = store;
    this.rates = rates;
    this.listener = listener;
    this.clock = clock;
  }

  /** Reservations on {@code store}, converting with {@code rates}, alerting {@code listener}. */
  public static Reservations of(SpendStore store, CurrencyRates rates,
      ThresholdListener listener, InstantSource clock) {
    return new Reservations(requireNonNull(store, "store"), requireNonNull(rates, "rates"),
        requireNonNull(listener, "listener"), requireNonNull(clock, "clock"));
  }

  /**
   * Holds {@code worstCase} in every scope's budget, or in none.
   *
   * @throws IllegalStateException when no exchange rate converts {@code worstCase} into a
   *     budget's currency (a configuration error: see {@code pricing.exchange-rates})
   */
  public ReserveOutcome reserve(List<BudgetScope> scopes, Money worstCase) {
    requireNonNull(scopes, "scopes");
    requireNonNull(worstCase, "worstCase");
    Instant now = clock.instant();
    List<Hold> holds = new ArrayList<>();
    List<BigDecimal> factors = new ArrayList<>();
    for (BudgetScope s : scopes) {
      Budget b = s.budget();
      BigDecimal factor = factor(worstCase.currency(), b.currency(), now);
      factors.add(factor);
      holds.add(new Hold(new BucketKey(s.id(), b.period(), b.window(now).start()),
          worstCase.amount().multiply(factor), b.hard() ? b.amount() : null));
    }
    Optional<BucketState> refused = store.hold(holds);
    if (refused.isPresent()) {
      BucketState st = refused.get();
      int i = indexOf(holds, st.key());
      Budget b = scopes.get(i).budget();
      return new BudgetExceeded(scopes.get(i).id(), b, st.spent(), st.reserved(),
          holds.get(i).amount(), b.window(now).end());
    }
    String id = "res_" + Long.toHexString(now.toEpochMilli())
        + "_" + sequence.incrementAndGet();
    return new Reservation(id, worstCase, now, holds, scopes, factors);
  }

  private BigDecimal factor(String from, String to, Instant at) {
    return rates.rate(from, to, at).orElseThrow(() -> new IllegalStateException(
        "no exchange rate from " + from + " to " + to + " (expected: pricing.exchange-rates to"
            + " convert catalogue prices into every budget's currency)"));
  }

  private static int indexOf(List<Hold> holds, BucketKey key) {
    for (int i = 0; i < holds.size(); i++) {
      if (holds.get(i).bucket().equals(key)) {
        return i;
      }
    }
    throw new IllegalStateException("store refused a bucket it was not given: " + key);
  }

  /**
   * Replaces the reservation by the call's real cost. Returns false (and changes nothing) when it
   * was already settled or released.
   */
  public boolean settle(Reservation r, Money actual) {
    requireNonNull(r, "r");
    requireNonNull(actual, "actual");
    if (!r.close(Reservation.SETTLED)) {
      return false;
    }
    List<Hold> holds = r.holds();
    List<BigDecimal> amounts = new ArrayList<>();
    for (int i = 0; i < holds.size(); i++) {
      Budget b = r.scopes().get(i).budget();
      Optional<BigDecimal> f = actual.currency().equals(r.worstCase().currency())
          ? Optional.of(r.rates().get(i)) : rates.rate(actual.currency(), b.currency(), r.at());
      // Without a rate for the real cost's currency, the worst case is the safe figure.
      amounts.add(f.map(x -> actual.amount().multiply(x)).orElse(holds.get(i).amount()));
    }
    List<BucketState> after = store.settle(holds, amounts);
    for (int i = 0; i < after.size(); i++) {
      alert(r.scopes().get(i), after.get(i));
    }
    return true;
  }

  /** Drops the reservation without spend. Returns false when it was already closed. */
  public boolean release(Reservation r) {
    requireNonNull(r, "r");
    if (!r.close(Reservation.RELEASED)) {
      return false;
    }
    store.release(r.holds());
    return true;
  }

  private void alert(BudgetScope scope, BucketState st) {
    Budget b = scope.budget();
    if (b.amount().signum() == 0) {
      return;
    }
    int crossed = 0;
    for (int p : b.alertPercents()) {
      if (st.spent().compareTo(b.share(p)) >= 0) {
        crossed = p;
      }
    }
    if (crossed <= st.alertedPercent()) {
      return;
    }
    int before = store.raiseAlerted(st.key(), crossed);
    PeriodWindow window = new PeriodWindow(st.key().start(), b.window(st.key().start()).end());
    for (int p : b.alertPercents()) {
      if (p > before && p <= crossed) {
        ThresholdEvent e = new ThresholdEvent(scope.id(), b, p, st.spent(), window,
            clock.instant());
        try {
          listener.onThreshold(e);
        } catch (RuntimeException ex) {
          LOG.warn("budget alert listener failed for {}: {}", scope.id(), ex.toString());
        }
      }
    }
  }

  /** The scope's current period: spent, reserved, remaining. */
  public BudgetStatus status(BudgetScope scope) {
    requireNonNull(scope, "scope");
    Budget b = scope.budget();
    PeriodWindow w = b.window(clock.instant());
    BucketState st = store.state(new BucketKey(scope.id(), b.period(), w.start()));
    return new BudgetStatus(scope.id(), b, w, st.spent(), st.reserved());
  }
}
