package dev.junction.ledger;

import dev.junction.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC {@link LedgerStore} for SQLite and PostgreSQL: one connection for writes (each write a
 * transaction), one for reads, each behind its own lock and reopened after a failure. The SQL is
 * shared ({@link EntryTable}, {@link RollupTable}, {@link LatencyTable}, {@link HintTable});
 * {@link Dialect} holds the differences.
 *
 * <p>A write with rollups stores the raw rows and upserts the batch's rollups, latency histograms
 * and hint facts in one transaction. For the hint facts the store keeps, under the write lock, the
 * writer's {@link RepeatWindow} of recent prompt fingerprints: filled from the last hour of raw
 * rows on the first such write, changed provisionally per batch, and committed or rolled back
 * with the batch's transaction.
 */
final class JdbcLedgerStore implements LedgerStore {

  /** Retention deletes at most this much time per transaction, to keep transactions short. */
  private static final long DELETE_SLICE_MS = 10 * 60 * 1000;
  private static final int FETCH_SIZE = 10_000;

  private final Dialect dialect;
  private final String url;
  private final Properties properties;
  private final Object writeLock = new Object();
  private final Object readLock = new Object();
  private @Nullable Connection writer;
  /** Statements prepared on {@link #writer}, by SQL; cleared when it is dropped. */
  private final Map<String, PreparedStatement> writeStatements = new HashMap<>();
  private @Nullable Connection reader;
  /** The writer's recent prompt fingerprints (repeated-prompts hint); under the write lock. */
  private final RepeatWindow recentPrompts;
  private boolean recentPromptsLoaded;
  private volatile int version;
  private volatile boolean closed;

  private JdbcLedgerStore(Dialect dialect, String url, Properties properties,
      int repeatFingerprints) {
    this.recentPrompts = new RepeatWindow(repeatFingerprints);
    this.dialect = dialect;
    this.url = url;
    this.properties = properties;
  }

  static JdbcLedgerStore sqlite(Path file) {
    return sqlite(file, LedgerConfig.DEFAULT_REPEAT_FINGERPRINTS);
  }

  static JdbcLedgerStore sqlite(Path file, int repeatFingerprints) {
    Path abs = file.toAbsolutePath();
    try {
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ledger: cannot create the folder of " + abs, e);
    }
    return opened(new JdbcLedgerStore(Dialect.SQLITE, "jdbc:sqlite:" + abs,
        Dialect.SQLITE.properties(null, null), repeatFingerprints));
  }

  static JdbcLedgerStore postgres(String url, @Nullable String user, @Nullable Secret password) {
    return postgres(url, user, password, LedgerConfig.DEFAULT_REPEAT_FINGERPRINTS);
  }

  static JdbcLedgerStore postgres(String url, @Nullable String user, @Nullable Secret password,
      int repeatFingerprints) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "ledger.url: " + url + " (expected: a jdbc:postgresql:// URL)");
    }
    return opened(new JdbcLedgerStore(Dialect.POSTGRES, url,
        Dialect.POSTGRES.properties(user, password), repeatFingerprints));
  }

  private static JdbcLedgerStore opened(JdbcLedgerStore store) {
    try {
      store.migrate();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @Override
  public int schemaVersion() {
    return version;
  }

  @Override
  public void migrate() {
    synchronized (writeLock) {
      try {
        version = Migrations.apply(writeConnection(), dialect, System.currentTimeMillis());
      } catch (SQLException e) {
        dropWriter();
        throw new StoreFailure("ledger: cannot migrate " + safeUrl(), e, false);
      }
    }
  }

  @Override
  public void write(List<LedgerEntry> entries, boolean rollups) {
    if (entries.isEmpty()) {
      return;
    }
    synchronized (writeLock) {
      boolean[] repeats = rollups ? repeats(entries) : new boolean[0];
      try {
        writeBatch(entries, rollups, repeats);
      } catch (RuntimeException e) {
        recentPrompts.rollback();
        throw e;
      }
      recentPrompts.commit();
    }
  }

  /**
   * Which entries repeat a recent fingerprint, changing the window provisionally (committed or
   * rolled back with the batch). The window is first filled from the last hour of raw rows, so
   * a restart misses no repeat of a call it still has the row of.
   */
  private boolean[] repeats(List<LedgerEntry> entries) {
    if (!recentPromptsLoaded) {
      inTransaction("read recent prompts", c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT currency, prompt_hash, ts_ms FROM "
            + "ledger_entry WHERE ts_ms >= (SELECT MAX(ts_ms) FROM ledger_entry) - ? AND "
            + "prompt_hash IS NOT NULL AND status < 400 AND error_code IS NULL ORDER BY ts_ms")) {
          ps.setLong(1, SpendHints.REPEAT_WINDOW.toMillis());
          ps.setFetchSize(FETCH_SIZE);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              recentPrompts.seen(rs.getString(1), rs.getString(2), rs.getLong(3));
            }
          }
        }
        return null;
      });
      recentPrompts.commit();
      recentPromptsLoaded = true;
    }
    return HintTable.repeats(entries, recentPrompts);
  }

  /**
   * Raw rows inserted between two yields of the writer thread. A flush of 500 entries is a few
   * milliseconds of CPU; on a gateway that has a single core, the event loop would wait that long
   * behind it. Inserting in chunks and yielding the core between them (in the same transaction)
   * bounds that wait to one chunk's work; with a core to spare the yield returns at once.
   */
  static final int YIELD_EVERY = 64;

  private void writeBatch(List<LedgerEntry> entries, boolean rollups, boolean[] repeats) {
    inTransaction("write " + entries.size() + " entries", c -> {
      PreparedStatement insert = writeStatement(c, EntryTable.INSERT);
      Params p = new Params(insert);
      int n = 0;
      for (LedgerEntry e : entries) {
        EntryTable.bind(p, e);
        insert.addBatch();
        if (++n % YIELD_EVERY == 0) {
          insert.executeBatch();
          Thread.yield(); // a gateway on one core: let the event loop answer between chunks
        }
      }
      insert.executeBatch();
      if (rollups) {
        upsertAll(c, RollupTable.UPSERT, RollupTable.sum(entries), RollupTable::bind);
        upsertAll(c, LatencyTable.UPSERT, LatencyTable.sum(entries), LatencyTable::bind);
        upsertAll(c, HintTable.UPSERT, HintTable.sumByDay(entries, repeats).entrySet(),
            (q, cell) -> HintTable.bind(q, cell.getKey(), cell.getValue()));
      }
      return null;
    });
  }

  @FunctionalInterface
  private interface Binder<T> {
    void bind(Params p, T row) throws SQLException;
  }

  /** Binds each of {@code rows} to the write connection's {@code sql} and runs them as a batch. */
  private <T> void upsertAll(Connection c, String sql, Iterable<T> rows, Binder<T> binder)
      throws SQLException {
    PreparedStatement ps = writeStatement(c, sql);
    Params p = new Params(ps);
    for (T row : rows) {
      binder.bind(p, row);
      ps.addBatch();
    }
    ps.executeBatch();
  }

  /**
   * The write connection's statement for {@code sql}, prepared once per connection: preparing
   * the 44-column insert and the three upserts on every flush was about a tenth of the writer's
   * time. Dropped with the connection. Under the write lock.
   */
  private PreparedStatement writeStatement(Connection c, String sql) throws SQLException {
    PreparedStatement ps = writeStatements.get(sql);
    if (ps == null) {
      ps = c.prepareStatement(sql);
      writeStatements.put(sql, ps);
    }
    return ps;
  }

  @Override
  public boolean ping() {
    synchronized (readLock) {
      try {
        return readConnection().isValid(5);
      } catch (SQLException e) {
        dropReader();
        return false;
      }
    }
  }

  @Override
  public long deleteEntriesBefore(Instant cutoff) {
    long cut = cutoff.toEpochMilli();
    long deleted = 0;
    while (true) {
      Long oldest = read("find the oldest entry", c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(ts_ms) FROM ledger_entry");
            ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new Columns(rs).nullableNumber() : null;
        }
      });
      if (oldest == null || oldest >= cut) {
        return deleted;
      }
      long upTo = Math.min(cut, oldest + DELETE_SLICE_MS);
      deleted += inTransaction("delete old entries", c -> {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM ledger_entry WHERE ts_ms < ?")) {
          ps.setLong(1, upTo);
          return (long) ps.executeUpdate();
        }
      });
    }
  }

  @Override
  public List<LedgerEntry> entries(Instant from, Instant to) {
    return read("read entries", c -> {
      try (PreparedStatement ps = c.prepareStatement(EntryTable.SELECT
          + " WHERE ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, request_id")) {
        ps.setLong(1, from.toEpochMilli());
        ps.setLong(2, to.toEpochMilli());
        ps.setFetchSize(FETCH_SIZE);
        List<LedgerEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          Columns cols = new Columns(rs);
          while (rs.next()) {
            out.add(EntryTable.read(cols));
          }
        }
        return out;
      }
    });
  }

  @Override
  public List<DailyRollup> rollups(LocalDate from, LocalDate to) {
    return read("read rollups", c -> {
      try (PreparedStatement ps = c.prepareStatement(RollupTable.SELECT
          + " WHERE day >= ? AND day <= ? ORDER BY " + String.join(", ", RollupTable.KEY))) {
        ps.setInt(1, Math.toIntExact(from.toEpochDay()));
        ps.setInt(2, Math.toIntExact(to.toEpochDay()));
        List<DailyRollup> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          Columns cols = new Columns(rs);
          while (rs.next()) {
            out.add(RollupTable.read(cols));
          }
        }
        return out;
      }
    });
  }

  @Override
  public List<SpendRow> spend(SpendQuery query) {
    return read("report spend", c -> {
      try (PreparedStatement ps = c.prepareStatement(RollupTable.spendSql(query))) {
        ps.setInt(1, Math.toIntExact(query.from().toEpochDay()));
        ps.setInt(2, Math.toIntExact(query.to().toEpochDay()));
        List<SpendRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          Columns cols = new Columns(rs);
          while (rs.next()) {
            out.add(RollupTable.readSpend(cols, query));
          }
        }
        return out;
      }
    });
  }

  /**
   * Exact (from raw rows) when the window holds no whole UTC day; otherwise the whole days come
   * from the latency histograms and the partial days at either end from raw rows, merged into
   * histograms (percentiles within 5 %, see {@link LatencyHistogram}).
   */
  @Override
  public List<LatencyRow> latency(Instant from, Instant to) {
    long fromMs = from.toEpochMilli();
    long toMs = to.toEpochMilli();
    long firstDay = Math.ceilDiv(fromMs, LatencyTable.DAY_MS);
    long endDay = Math.floorDiv(toMs, LatencyTable.DAY_MS);
    if (firstDay >= endDay) {
      return exactLatency(fromMs, toMs);
    }
    return read("report latency", c -> {
      Map<String, LatencyHistogram> byModel = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(LatencyTable.MERGED)) {
        ps.setInt(1, Math.toIntExact(firstDay));
        ps.setInt(2, Math.toIntExact(endDay));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byModel.computeIfAbsent(rs.getString(1), m -> new LatencyHistogram())
                .add(rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
          }
        }
      }
      rawLatencies(c, fromMs, firstDay * LatencyTable.DAY_MS, (model, latency, error) ->
          byModel.computeIfAbsent(model, m -> new LatencyHistogram()).add(latency, error));
      rawLatencies(c, endDay * LatencyTable.DAY_MS, toMs, (model, latency, error) ->
          byModel.computeIfAbsent(model, m -> new LatencyHistogram()).add(latency, error));
      List<LatencyRow> out = new ArrayList<>();
      byModel.forEach((model, h) -> out.add(h.row(model)));
      out.sort((a, b) -> a.model().compareTo(b.model()));
      return out;
    });
  }

  /**
   * The hint facts of {@code [from, to)} per tag, provider, model and currency: whole UTC days
   * from {@code ledger_hint}, partial days at either end from raw rows (see {@link
   * HintTable#sumRaw}).
   */
  List<HintTable.Cell> hintFacts(Instant from, Instant to) {
    long fromMs = from.toEpochMilli();
    long toMs = to.toEpochMilli();
    long firstDay = Math.ceilDiv(fromMs, LatencyTable.DAY_MS);
    long endDay = Math.floorDiv(toMs, LatencyTable.DAY_MS);
    return read("report hints", c -> {
      Map<HintTable.Key, HintTable.Cell> cells = new HashMap<>();
      if (firstDay >= endDay) {
        HintTable.sumRaw(c, fromMs, toMs, FETCH_SIZE, cells);
      } else {
        HintTable.sumDays(c, firstDay, endDay, cells);
        HintTable.sumRaw(c, fromMs, firstDay * LatencyTable.DAY_MS, FETCH_SIZE, cells);
        HintTable.sumRaw(c, endDay * LatencyTable.DAY_MS, toMs, FETCH_SIZE, cells);
      }
      return HintTable.ordered(cells.values());
    });
  }

  private List<LatencyRow> exactLatency(long fromMs, long toMs) {
    return read("report latency", c -> {
      Map<String, LatencySample> byModel = new HashMap<>();
      rawLatencies(c, fromMs, toMs, (model, latency, error) ->
          byModel.computeIfAbsent(model, m -> new LatencySample()).add(latency, error));
      List<LatencyRow> out = new ArrayList<>();
      byModel.forEach((model, s) -> out.add(s.row(model)));
      out.sort((a, b) -> a.model().compareTo(b.model()));
      return out;
    });
  }

  @FunctionalInterface
  private interface LatencySink {
    void add(String model, long latency, boolean error);
  }

  /** Feeds the raw entries of {@code [fromMs, toMs)} to {@code sink}. */
  private static void rawLatencies(Connection c, long fromMs, long toMs, LatencySink sink)
      throws SQLException {
    if (fromMs >= toMs) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT model, latency_ms, CASE WHEN "
        + "status >= 400 OR error_code IS NOT NULL THEN 1 ELSE 0 END FROM ledger_entry "
        + "WHERE ts_ms >= ? AND ts_ms < ?")) {
      ps.setLong(1, fromMs);
      ps.setLong(2, toMs);
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.add(rs.getString(1), rs.getLong(2), rs.getInt(3) != 0);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (writeLock) {
      dropWriter();
    }
    synchronized (readLock) {
      dropReader();
    }
  }

  @Override
  public String toString() {
    return "LedgerStore[" + safeUrl() + "]";
  }

  private <T> T inTransaction(String what, Work<T> work) {
    synchronized (writeLock) {
      Connection c = null;
      try {
        c = writeConnection();
        c.setAutoCommit(false);
        T result = work.run(c);
        c.commit();
        // Back to autocommit between transactions: sqlite-jdbc begins the next transaction right
        // after a commit, which in IMMEDIATE mode would hold the write lock while idle.
        c.setAutoCommit(true);
        return result;
      } catch (SQLException e) {
        rollback(c);
        dropWriter();
        throw new StoreFailure("ledger: cannot " + what, e, dialect.refusesData(e));
      } catch (RuntimeException e) {
        // a value that cannot be bound or summed (e.g. a rollup beyond the stored range)
        rollback(c);
        dropWriter();
        throw new StoreFailure("ledger: cannot " + what, new SQLException(e.getMessage(), e),
            true);
      }
    }
  }

  private <T> T read(String what, Work<T> work) {
    synchronized (readLock) {
      Connection c = null;
      try {
        c = readConnection();
        T result = work.run(c);
        if (!c.getAutoCommit()) {
          c.commit();
        }
        return result;
      } catch (SQLException e) {
        rollback(c);
        dropReader();
        throw new StoreFailure("ledger: cannot " + what, e, false);
      }
    }
  }

  private Connection writeConnection() throws SQLException {
    if (writer == null || writer.isClosed()) {
      writeStatements.clear();
      writer = connect();
    }
    return writer;
  }

  private Connection readConnection() throws SQLException {
    if (reader == null || reader.isClosed()) {
      reader = connect();
      // PostgreSQL streams a result set with a fetch size only inside a transaction; SQLite
      // reads in autocommit so that it never holds the write lock.
      reader.setAutoCommit(dialect == Dialect.SQLITE);
    }
    return reader;
  }

  private Connection connect() throws SQLException {
    if (closed) {
      throw new SQLException("the ledger store is closed");
    }
    return DriverManager.getConnection(url, properties);
  }

  private static void rollback(@Nullable Connection c) {
    try {
      if (c != null && !c.isClosed() && !c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // the connection is dropped next
    }
  }

  private void dropWriter() {
    writeStatements.clear(); // closed with their connection
    quietlyClose(writer);
    writer = null;
  }

  private void dropReader() {
    quietlyClose(reader);
    reader = null;
  }

  private static void quietlyClose(@Nullable Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing more to do with a broken connection
      }
    }
  }

  /** The URL without a query string (which may hold a password). */
  private String safeUrl() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /** Latencies of one model's successful requests, and its request and error counts. */
  private static final class LatencySample {
    private long[] ok = new long[64];
    private int size;
    private long requests;
    private long errors;
    private long max;

    void add(long latency, boolean error) {
      requests++;
      if (error) {
        errors++;
        return;
      }
      max = Math.max(max, latency);
      if (size == ok.length) {
        ok = Arrays.copyOf(ok, size * 2);
      }
      ok[size++] = latency;
    }

    LatencyRow row(String model) {
      Arrays.sort(ok, 0, size);
      return new LatencyRow(model, requests, errors, rank(0.50), rank(0.95),
          size == 0 ? -1 : max);
    }

    /** Nearest rank: the smallest value with at least {@code p} of the values at or below it. */
    private long rank(double p) {
      if (size == 0) {
        return -1;
      }
      int r = (int) Math.ceil(p * size);
      return ok[Math.max(0, r - 1)];
    }
  }
}
