package dev.junction.ledger;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store behind switches a test flips: hold writes until released, fail the next writes as
 * an unavailable database would, or refuse batches that hold a given request id as a database
 * refuses bad data. Everything else goes straight to the real store. Thread-safe.
 */
final class ScriptedStore implements LedgerStore {

  private final LedgerStore real;
  private volatile CountDownLatch release = new CountDownLatch(0);
  private final CountDownLatch blockedWrite = new CountDownLatch(1);
  private final AtomicInteger failures = new AtomicInteger();
  private final Set<String> poison = ConcurrentHashMap.newKeySet();

  ScriptedStore(LedgerStore real) {
    this.real = real;
  }

  /** Writes wait until {@link #release()}. */
  void holdWrites() {
    release = new CountDownLatch(1);
  }

  void release() {
    release.countDown();
  }

  /** Waits until a write is being held. */
  boolean awaitHeldWrite() throws InterruptedException {
    return blockedWrite.await(30, TimeUnit.SECONDS);
  }

  /** The next {@code n} writes fail as if the database were down. */
  void failNext(int n) {
    failures.set(n);
  }

  /** Batches holding this request id are refused as bad data. */
  void poison(String requestId) {
    poison.add(requestId);
  }

  @Override
  public void write(List<LedgerEntry> entries, boolean rollups) {
    if (release.getCount() > 0) {
      blockedWrite.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("database unavailable (scripted)");
    }
    if (entries.stream().anyMatch(e -> poison.contains(e.requestId()))) {
      throw new StoreFailure("ledger: cannot write", new SQLException("value refused", "23514"),
          true);
    }
    real.write(entries, rollups);
  }

  @Override
  public int schemaVersion() {
    return real.schemaVersion();
  }

  @Override
  public void migrate() {
    real.migrate();
  }

  @Override
  public boolean ping() {
    return real.ping();
  }

  @Override
  public long deleteEntriesBefore(Instant cutoff) {
    return real.deleteEntriesBefore(cutoff);
  }

  @Override
  public List<LedgerEntry> entries(Instant from, Instant to) {
    return real.entries(from, to);
  }

  @Override
  public List<DailyRollup> rollups(LocalDate from, LocalDate to) {
    return real.rollups(from, to);
  }

  @Override
  public List<SpendRow> spend(SpendQuery query) {
    return real.spend(query);
  }

  @Override
  public List<LatencyRow> latency(Instant from, Instant to) {
    return real.latency(from, to);
  }

  @Override
  public void close() {
    real.close();
  }
}
