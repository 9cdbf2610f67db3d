package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import dev.junction.config.Secret;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where ledger entries and their daily rollups live: a SQLite file or a PostgreSQL database, with
 * the same schema (see docs/LEDGER.md). Opening a store applies its pending schema migrations.
 *
 * <p>Every method may block on the database; call them from the ledger's writer thread, a report
 * command or a worker thread, never from an event loop. Failures surface as {@link
 * IllegalStateException} with the {@link java.sql.SQLException} as cause; a store reconnects on
 * the next call after a lost connection. Thread-safe: writes are serialized on one connection,
 * reads use another.
 */
public interface LedgerStore extends AutoCloseable {

  /**
   * Opens (creating if needed) the SQLite ledger at {@code file} in WAL mode with {@code
   * synchronous=NORMAL}, and migrates it.
   */
  static LedgerStore sqlite(Path file) {
    return JdbcLedgerStore.sqlite(requireNonNull(file, "file"));
  }

  /** Connects to a PostgreSQL ledger ({@code jdbc:postgresql://…}) and migrates it. */
  static LedgerStore postgres(String url, @Nullable String user, @Nullable Secret password) {
    return JdbcLedgerStore.postgres(requireNonNull(url, "url"), user, password);
  }

  /**
   * The store a config names.
   *
   * @throws IllegalArgumentException for {@link LedgerConfig.Store#NONE}
   */
  static LedgerStore open(LedgerConfig config) {
    return switch (config.store()) {
      case SQLITE -> JdbcLedgerStore.sqlite(config.path(), config.repeatFingerprints());
      case POSTGRES -> JdbcLedgerStore.postgres(requireNonNull(config.url(), "url"),
          config.user(), config.password(), config.repeatFingerprints());
      case NONE -> throw new IllegalArgumentException("ledger.store: none has no store");
    };
  }

  /** The schema version in force (the highest migration applied). */
  int schemaVersion();

  /** Applies pending migrations; a no-op when the schema is current. Idempotent. */
  void migrate();

  /**
   * Writes entries, and with {@code rollups} adds them to the daily rollups, in one transaction:
   * either all of it is stored or none of it.
   */
  void write(List<LedgerEntry> entries, boolean rollups);

  /** Whether the database answers now. Never throws. */
  boolean ping();

  /** Deletes raw entries that started before {@code cutoff}; rollups are kept. Returns the count. */
  long deleteEntriesBefore(Instant cutoff);

  /** Raw entries with {@code from <= time < to}, oldest first. */
  List<LedgerEntry> entries(Instant from, Instant to);

  /** Rollup rows of the UTC days {@code from} to {@code to}, both included. */
  List<DailyRollup> rollups(LocalDate from, LocalDate to);

  /**
   * Spend by period, group and currency, from the rollups: ordered by period, currency, cost
   * (highest first), group.
   */
  List<SpendRow> spend(SpendQuery query);

  /**
   * Latency and error rate per model of the requests with {@code from <= time < to}, by model.
   * Exact (nearest rank over raw entries) when the window holds no whole UTC day; otherwise the
   * whole days come from the daily latency histograms (kept with the rollups, also after the
   * raw entries are deleted) and the partial days from raw entries, and p50/p95 are within 5 %
   * of the exact values (see docs/LEDGER.md).
   */
  List<LatencyRow> latency(Instant from, Instant to);

  /** Closes the connections. Idempotent. */
  @Override
  void close();
}
