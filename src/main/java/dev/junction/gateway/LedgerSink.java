package dev.junction.gateway;

import dev.junction.ledger.Ledger;
import dev.junction.ledger.LedgerEntry;
import dev.junction.ledger.Spend;
import dev.junction.pricing.Cost;

/**
 * Hands every finished call to the ledger: the call record with its cost per token kind. Never
 * blocks (the ledger queues); a call without usage costs zero, and a call on an unpriced model
 * is stored flagged unpriced, never as free. The key and team ids and the budget amounts reserved
 * and settled come from the record's {@link CallRecord.Principal}. Thread-safe.
 */
final class LedgerSink implements CallListener {

  private final Ledger ledger;

  LedgerSink(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void onCall(CallRecord call) {
    Cost c = call.cost();
    Spend spend;
    boolean unpriced;
    if (c == null) {
      spend = Spend.zero("USD");
      unpriced = false;
    } else {
      spend = new Spend(c.currency(), c.input(), c.cacheRead(), c.cacheWrite5m(),
          c.cacheWrite1h(), c.output(), c.reasoning());
      unpriced = !c.priced() || c.partial();
    }
    CallRecord.Principal p = call.principal();
    LedgerEntry e = LedgerEntry.of(call, p == null ? null : p.keyId(),
        p == null ? null : p.teamId(), spend, unpriced);
    ledger.record(p == null || p.reserved() == null ? e
        : e.withBudget(p.reserved(), p.settled()));
  }
}
