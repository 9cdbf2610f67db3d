package dev.junction.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worst-case amount reserved in every budget bucket of a request (its key's and its team's),
 * until {@link Reservations#settle} replaces it by the real cost or {@link Reservations#release}
 * drops it. Exactly one of the two takes effect, once: later calls are ignored, so nothing is
 * counted twice. Thread-safe.
 */
public final class Reservation implements ReserveOutcome {

  static final int OPEN = 0;
  static final int SETTLED = 1;
  static final int RELEASED = 2;

  private final String id;
  private final Money worstCase;
  private final Instant at;
  private final List<Hold> holds;
  private final List<BudgetScope> scopes;
  /** Per hold: the factor from {@code worstCase}'s currency to the hold's budget currency. */
  private final List<BigDecimal> rates;
  private final AtomicInteger state = new AtomicInteger(OPEN);

  Reservation(String id, Money worstCase, Instant at, List<Hold> holds, List<BudgetScope> scopes,
      List<BigDecimal> rates) {
    this.id = id;
    this.worstCase = worstCase;
    this.at = at;
    this.holds = List.copyOf(holds);
    this.scopes = List.copyOf(scopes);
    this.rates = List.copyOf(rates);
  }

  /** A unique id, for the ledger. */
  public String id() {
    return id;
  }

  /** The worst-case cost reserved. */
  public Money worstCase() {
    return worstCase;
  }

  /** When it was made; its buckets are those of the periods in force then. */
  public Instant at() {
    return at;
  }

  /** The holds, one per budget. */
  public List<Hold> holds() {
    return holds;
  }

  List<BudgetScope> scopes() {
    return scopes;
  }

  List<BigDecimal> rates() {
    return rates;
  }

  /** Moves from open to {@code to}; false if it was already settled or released. */
  boolean close(int to) {
    return state.compareAndSet(OPEN, to);
  }

  /** True while neither settled nor released. */
  public boolean open() {
    return state.get() == OPEN;
  }

  @Override
  public String toString() {
    return "Reservation[" + id + ", " + worstCase + "]";
  }
}
