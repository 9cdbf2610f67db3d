package dev.junction.budget;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SpendStore} for one process: bucket states cached in memory behind one lock, each change
 * computed on copies, written through to a {@link Persistence} in one transaction, and then
 * published to the cache. Buckets of a scope's earlier periods leave the cache when a newer one is
 * loaded, unless calls are still reserved in them.
 *
 * <p>A failed write: a {@link #hold} changes nothing and fails (no call goes out on a hold that
 * is not stored). A {@link #settle} or {@link #release} is published anyway, so that a database
 * outage cannot leave a finished call's hold counted against its budgets for the rest of the
 * period; its states are kept as unsaved and written with the next write that succeeds (lost only
 * if the process stops before one does). Failures are logged at ERROR once per outage, the
 * recovery at WARN.
 */
final class BucketSpendStore implements SpendStore {

  /** Where bucket rows are kept between restarts. */
  interface Persistence {
    /** No persistence: the cache is everything. */
    Persistence NONE = new Persistence() {
      @Override
      public @Nullable BucketState load(BucketKey key) {
        return null;
      }

      @Override
      public void save(List<BucketState> states) {}
    };

    /** The stored state, or null. */
    @Nullable BucketState load(BucketKey key);

    /** Stores these states in one transaction. */
    void save(List<BucketState> states);

    /** Releases resources (not the shared database). */
    default void close() {}
  }

  private static final Logger LOG = LoggerFactory.getLogger("junction.budget");

  private final Persistence persistence;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<BucketKey, BucketState> cache = new HashMap<>();
  /** Published states a failed write did not store; written with the next write. */
  private final Map<BucketKey, BucketState> unsaved = new LinkedHashMap<>();
  private long failedWrites;

  BucketSpendStore(Persistence persistence) {
    this.persistence = persistence;
  }

  private BucketState get(BucketKey key) {
    BucketState s = cache.get(key);
    if (s != null) {
      return s;
    }
    BucketState loaded = persistence.load(key);
    s = loaded != null ? loaded : BucketState.empty(key);
    cache.entrySet().removeIf(e -> e.getKey().scope().equals(key.scope())
        && e.getKey().start().isBefore(key.start()) && e.getValue().reserved().signum() == 0);
    cache.put(key, s);
    return s;
  }

  /**
   * Writes {@code changed} (with the states earlier failed writes left unsaved), then publishes
   * it. When the write fails: throws if {@code mustStore}, else publishes it as unsaved.
   */
  private void commit(Map<BucketKey, BucketState> changed, boolean mustStore) {
    Map<BucketKey, BucketState> rows = changed;
    if (!unsaved.isEmpty()) {
      rows = new LinkedHashMap<>(unsaved);
      rows.putAll(changed);
    }
    try {
      persistence.save(new ArrayList<>(rows.values()));
    } catch (RuntimeException e) {
      if (failedWrites++ == 0) {
        LOG.error("budget: cannot store bucket states ({}); settlements are kept in memory and "
            + "stored once the database accepts writes again, new holds are refused",
            e.getMessage(), e);
      }
      if (mustStore) {
        throw e;
      }
      unsaved.putAll(changed);
      cache.putAll(changed);
      return;
    }
    if (failedWrites > 0) {
      LOG.warn("budget: bucket states stored again after {} failed write(s) ({} kept in memory "
          + "meanwhile)", failedWrites, unsaved.size());
      failedWrites = 0;
    }
    unsaved.clear();
    cache.putAll(changed);
  }

  /** States published but not yet stored (for tests). */
  int unsavedCount() {
    lock.lock();
    try {
      return unsaved.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<BucketState> hold(List<Hold> holds) {
    lock.lock();
    try {
      Map<BucketKey, BucketState> next = new LinkedHashMap<>();
      for (Hold h : holds) {
        BucketState s = next.containsKey(h.bucket()) ? next.get(h.bucket()) : get(h.bucket());
        if (h.limit() != null && s.committed().add(h.amount()).compareTo(h.limit()) > 0) {
          return Optional.of(s);
        }
        next.put(h.bucket(), new BucketState(s.key(), s.spent(), s.reserved().add(h.amount()),
            s.alertedPercent()));
      }
      commit(next, true);
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<BucketState> settle(List<Hold> holds, List<BigDecimal> actual) {
    if (holds.size() != actual.size()) {
      throw new IllegalArgumentException("one actual amount per hold expected");
    }
    lock.lock();
    try {
      Map<BucketKey, BucketState> next = new LinkedHashMap<>();
      for (int i = 0; i < holds.size(); i++) {
        Hold h = holds.get(i);
        BucketState s = next.containsKey(h.bucket()) ? next.get(h.bucket()) : get(h.bucket());
        next.put(h.bucket(), new BucketState(s.key(), s.spent().add(actual.get(i)),
            unreserve(s, h), s.alertedPercent()));
      }
      commit(next, false);
      List<BucketState> out = new ArrayList<>();
      for (Hold h : holds) {
        out.add(next.get(h.bucket()));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void release(List<Hold> holds) {
    lock.lock();
    try {
      Map<BucketKey, BucketState> next = new LinkedHashMap<>();
      for (Hold h : holds) {
        BucketState s = next.containsKey(h.bucket()) ? next.get(h.bucket()) : get(h.bucket());
        next.put(h.bucket(), new BucketState(s.key(), s.spent(), unreserve(s, h),
            s.alertedPercent()));
      }
      commit(next, false);
    } finally {
      lock.unlock();
    }
  }

  private static BigDecimal unreserve(BucketState s, Hold h) {
    BigDecimal r = s.reserved().subtract(h.amount());
    return r.signum() <= 0 ? BigDecimal.ZERO : r;
  }

  @Override
  public BucketState state(BucketKey key) {
    lock.lock();
    try {
      return get(key);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int raiseAlerted(BucketKey key, int percent) {
    lock.lock();
    try {
      BucketState s = get(key);
      if (s.alertedPercent() < percent) {
        commit(Map.of(key, new BucketState(key, s.spent(), s.reserved(), percent)), false);
      }
      return s.alertedPercent();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    persistence.close();
  }
}
