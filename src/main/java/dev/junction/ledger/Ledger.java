package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The cost ledger: takes one {@link LedgerEntry} per finished request and stores it, with its
 * daily rollups, in the background.
 *
 * <p><b>Never blocks the caller.</b> {@link #record} puts the entry on a bounded in-memory queue
 * and returns; one writer thread stores the queue every flush interval, or as soon as a batch is
 * full, each batch in one transaction (raw rows and rollups together, so they never disagree).
 * When the queue is full — the database is down or slower than the traffic — the entry is
 * dropped, counted in {@link LedgerStats#dropped()} and logged at WARN at most once per flush
 * interval; the request itself is never delayed. A batch the database cannot take is retried
 * every interval; one whose data it refuses is written entry by entry, the refused entries
 * counted as {@link LedgerStats#rejected()}.
 *
 * <p><b>Durability.</b> {@link #close()} writes everything accepted before it returns (retrying a
 * few times if the database is briefly away). A crash or kill loses at most what was accepted in
 * the last flush interval (plus whatever was queued while the database was unavailable). The
 * writer also deletes raw entries older than the retention, hourly; rollups are kept.
 *
 * <p>Thread-safe: {@link #record} may be called from any thread, event loops included.
 *
 * <pre>{@code
 * Ledger ledger = Ledger.open(LedgerConfig.DEFAULTS);            // ./junction-data/ledger.db
 * ledger.record(LedgerEntry.of(call, keyId, team, spend, false)); // returns at once
 * ledger.close();                                                 // writes the rest
 * }</pre>
 */
public interface Ledger extends AutoCloseable {

  /** The ledger a config describes, on the system clock. */
  static Ledger open(LedgerConfig config) {
    return open(config, InstantSource.system());
  }

  /**
   * The ledger a config describes: its store opened (and migrated) now, the writer started;
   * {@link LedgerConfig.Store#NONE} gives {@link #disabled()}. {@code clock} decides which raw rows
   * are past the retention.
   */
  static Ledger open(LedgerConfig config, InstantSource clock) {
    requireNonNull(config, "config");
    requireNonNull(clock, "clock");
    if (config.store() == LedgerConfig.Store.NONE) {
      return disabled();
    }
    return over(LedgerStore.open(config), config, clock);
  }

  /**
   * A ledger writing to {@code store} (closed when the ledger closes), with {@code config}'s
   * queue, flush, retention and rollup settings; the store kind of {@code config} is ignored.
   */
  static Ledger over(LedgerStore store, LedgerConfig config, InstantSource clock) {
    return LedgerWriter.start(requireNonNull(store, "store"), requireNonNull(config, "config"),
        requireNonNull(clock, "clock"));
  }

  /** A ledger that discards every entry. */
  static Ledger disabled() {
    return DisabledLedger.INSTANCE;
  }

  /**
   * Queues an entry for writing; never blocks.
   *
   * @return false when the entry was dropped (queue full, or the ledger closed)
   */
  boolean record(LedgerEntry entry);

  /**
   * Writes everything recorded before this call, waiting at most {@code timeout}. Blocks: not for
   * event loops (tests, admin commands, shutdown).
   *
   * @return true when all of it was stored; false on timeout or when the database is unavailable
   */
  boolean flush(Duration timeout);

  /** The counters so far. */
  LedgerStats stats();

  /** The store written to, empty for a disabled ledger. */
  Optional<LedgerStore> store();

  /** Stops accepting, writes everything accepted, closes the store. Blocks; idempotent. */
  @Override
  void close();
}
