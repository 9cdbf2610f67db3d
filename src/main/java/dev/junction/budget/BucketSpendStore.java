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

/**
 * {@link SpendStore} for one process: bucket states cached in memory behind one lock, each change
 * computed on copies, written through to a {@link Persistence} in one transaction, and only then
 * published to the cache (a failed write changes nothing). Buckets of a scope's earlier periods
 * leave the cache when a newer one is loaded, unless calls are still reserved in them.
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

  private final Persistence persistence;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<BucketKey, BucketState> cache = new HashMap<>();

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

  private void commit(Map<BucketKey, BucketState> changed) {
    persistence.save(new ArrayList<>(changed.values()));
    cache.putAll(changed);
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
      commit(next);
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
      commit(next);
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
      commit(next);
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
        commit(Map.of(key, new BucketState(key, s.spent(), s.reserved(), percent)));
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
