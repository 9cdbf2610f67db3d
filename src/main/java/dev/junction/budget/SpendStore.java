package dev.junction.budget;

import dev.junction.sqlite.SqliteDatabase;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Where budget counters live, per {@link BucketKey}. Each operation is atomic across all the
 * buckets it is given (a key's and its team's): a reservation is placed in every bucket or in
 * none. This is the interface a shared store (PostgreSQL rows locked in one transaction, or a
 * Redis script) implements for several replicas; {@link #inMemory()} and {@link #sqlite} serve
 * one process. Implementations are thread-safe.
 */
public interface SpendStore extends AutoCloseable {

  /** Counters in memory only: lost at restart (tests, development). */
  static SpendStore inMemory() {
    return new BucketSpendStore(BucketSpendStore.Persistence.NONE);
  }

  /**
   * Counters in the {@code budget_buckets} table of {@code db}, written through on every change
   * so they survive a restart. Reservations left by a process that died are settled at their
   * worst case when the store opens (those calls may have been billed; see docs/KEYS.md).
   */
  static SpendStore sqlite(SqliteDatabase db) {
    return new BucketSpendStore(new SqliteBuckets(db));
  }

  /**
   * Adds every hold's amount to its bucket's {@code reserved}, unless a hold with a limit would
   * take its bucket's {@code spent + reserved} above that limit: then nothing changes and the
   * state of the first such bucket is returned.
   */
  Optional<BucketState> hold(List<Hold> holds);

  /**
   * Replaces holds by real spend: for each i, {@code reserved -= holds[i].amount} and {@code
   * spent += actual[i]}. Returns the buckets' states afterwards, in order.
   */
  List<BucketState> settle(List<Hold> holds, List<BigDecimal> actual);

  /** Removes the holds without spend (the call never reached the upstream). */
  void release(List<Hold> holds);

  /** A bucket's counters (empty if never used). */
  BucketState state(BucketKey key);

  /**
   * Raises the bucket's alerted threshold to {@code percent} if it is lower; returns the value it
   * had, so exactly one caller sees each threshold as new.
   */
  int raiseAlerted(BucketKey key, int percent);

  @Override
  void close();
}
