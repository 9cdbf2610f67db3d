package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import dev.junction.config.ConfigValues;
import dev.junction.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How the cost ledger stores and writes (YAML section {@code ledger:}, keys in docs/LEDGER.md).
 *
 * <ul>
 *   <li>{@code store}: {@link Store#SQLITE} (a file at {@code path}), {@link Store#POSTGRES}
 *       ({@code url}, {@code user}, {@code password}) or {@link Store#NONE} (nothing recorded);
 *   <li>{@code flushInterval}: the longest an accepted entry waits before it is written, and so
 *       the most a crash can lose; {@code batchSize}: entries per transaction (a full batch is
 *       written at once); {@code queueCapacity}: entries held in memory waiting to be written —
 *       beyond that, entries are dropped and counted, never waited for;
 *   <li>{@code retention}: how long raw rows are kept ({@link Duration#ZERO}: forever); daily
 *       rollups are kept forever;
 *   <li>{@code rollup}: whether daily rollups are maintained (spend reports read them);
 *   <li>{@code repeatFingerprints}: how many recent prompt fingerprints the writer remembers to
 *       count repeated prompts (the repeated-prompts hint; the least recently seen go first).
 * </ul>
 *
 * Immutable; validated on construction.
 */
public record LedgerConfig(
    Store store,
    Path path,
    @Nullable String url,
    @Nullable String user,
    @Nullable Secret password,
    Duration flushInterval,
    int batchSize,
    int queueCapacity,
    Duration retention,
    boolean rollup,
    int repeatFingerprints) {

  /** Where entries are stored. */
  public enum Store {
    /** A SQLite file (WAL mode). */
    SQLITE,
    /** A PostgreSQL database. */
    POSTGRES,
    /** Nothing is stored. */
    NONE
  }

  /** {@code ./junction-data/ledger.db}. */
  public static final Path DEFAULT_PATH = Path.of("junction-data", "ledger.db");
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int DEFAULT_QUEUE_CAPACITY = 50_000;
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
  /** Enough for 55 distinct prompts a second within the hour; about 150 bytes each. */
  public static final int DEFAULT_REPEAT_FINGERPRINTS = 200_000;

  /** SQLite at {@link #DEFAULT_PATH}, 1s flushes of up to 500, 50,000 queued, 30 days, rollups. */
  public static final LedgerConfig DEFAULTS = new LedgerConfig(Store.SQLITE, DEFAULT_PATH, null,
      null, null, DEFAULT_FLUSH_INTERVAL, DEFAULT_BATCH_SIZE, DEFAULT_QUEUE_CAPACITY,
      DEFAULT_RETENTION, true, DEFAULT_REPEAT_FINGERPRINTS);

  public LedgerConfig {
    requireNonNull(store, "store");
    requireNonNull(path, "path");
    requireNonNull(flushInterval, "flushInterval");
    requireNonNull(retention, "retention");
    if (store == Store.POSTGRES && (url == null || url.isBlank())) {
      throw new IllegalArgumentException(
          "ledger.url: (missing) (expected: a jdbc:postgresql:// URL for store: postgres)");
    }
    if (url != null && store == Store.POSTGRES && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "ledger.url: " + url + " (expected: a jdbc:postgresql:// URL)");
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("ledger.flush-interval: "
          + ConfigValues.formatDuration(flushInterval) + " (expected: > 0)");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("ledger.batch-size: " + batchSize + " (expected: >= 1)");
    }
    if (queueCapacity < batchSize) {
      throw new IllegalArgumentException("ledger.queue-capacity: " + queueCapacity
          + " (expected: >= batch-size " + batchSize + ")");
    }
    if (retention.isNegative()) {
      throw new IllegalArgumentException("ledger.retention: "
          + ConfigValues.formatDuration(retention) + " (expected: >= 0; 0 keeps raw rows forever)");
    }
    if (repeatFingerprints < 1) {
      throw new IllegalArgumentException("ledger.repeat-fingerprints: " + repeatFingerprints
          + " (expected: >= 1)");
    }
  }

  /** The defaults with a SQLite file at {@code path}. */
  public static LedgerConfig sqlite(Path path) {
    return DEFAULTS.with(Store.SQLITE, path, null, null, null);
  }

  /** The defaults with a PostgreSQL database. */
  public static LedgerConfig postgres(String url, @Nullable String user,
      @Nullable Secret password) {
    return DEFAULTS.with(Store.POSTGRES, DEFAULT_PATH, requireNonNull(url, "url"), user, password);
  }

  /** A ledger that records nothing. */
  public static LedgerConfig disabled() {
    return DEFAULTS.with(Store.NONE, DEFAULT_PATH, null, null, null);
  }

  private LedgerConfig with(Store s, Path p, @Nullable String u, @Nullable String usr,
      @Nullable Secret pw) {
    return new LedgerConfig(s, p, u, usr, pw, flushInterval, batchSize, queueCapacity, retention,
        rollup, repeatFingerprints);
  }

  /** This config with another flush interval. */
  public LedgerConfig withFlushInterval(Duration interval) {
    return new LedgerConfig(store, path, url, user, password, interval, batchSize, queueCapacity,
        retention, rollup, repeatFingerprints);
  }

  /** This config with another batch size and queue capacity. */
  public LedgerConfig withQueue(int batch, int capacity) {
    return new LedgerConfig(store, path, url, user, password, flushInterval, batch, capacity,
        retention, rollup, repeatFingerprints);
  }

  /** This config with another retention of raw rows ({@link Duration#ZERO}: forever). */
  public LedgerConfig withRetention(Duration keep) {
    return new LedgerConfig(store, path, url, user, password, flushInterval, batchSize,
        queueCapacity, keep, rollup, repeatFingerprints);
  }

  /** This config with daily rollups on or off. */
  public LedgerConfig withRollup(boolean on) {
    return new LedgerConfig(store, path, url, user, password, flushInterval, batchSize,
        queueCapacity, retention, on, repeatFingerprints);
  }

  /** This config with another number of remembered prompt fingerprints. */
  public LedgerConfig withRepeatFingerprints(int fingerprints) {
    return new LedgerConfig(store, path, url, user, password, flushInterval, batchSize,
        queueCapacity, retention, rollup, fingerprints);
  }
}
