package dev.junction.ledger;

import java.time.Duration;
import java.util.Optional;

/** The ledger of {@code store: none}: accepts and discards everything. */
enum DisabledLedger implements Ledger {
  INSTANCE;

  @Override
  public boolean record(LedgerEntry entry) {
    return true;
  }

  @Override
  public boolean flush(Duration timeout) {
    return true;
  }

  @Override
  public LedgerStats stats() {
    return LedgerStats.ZERO;
  }

  @Override
  public Optional<LedgerStore> store() {
    return Optional.empty();
  }

  @Override
  public void close() {}
}
