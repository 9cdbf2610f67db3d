package dev.junction.ledger;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent prompt fingerprints the repeated-prompts hint is counted against: per currency and
 * {@link LedgerEntry#promptHash()}, the time the fingerprint was last seen on a successful call.
 * A call {@linkplain #seen seen} at most {@link SpendHints#REPEAT_WINDOW} after the last sighting
 * of its fingerprint is a repeat.
 *
 * <p>Bounded: fingerprints last seen more than the repeat window before the newest sighting are
 * evicted, and beyond {@code capacity} fingerprints the least recently seen go first (a repeat of
 * an evicted fingerprint is then missed). The writer changes the window provisionally while it
 * builds a batch and {@linkplain #commit() commits} or {@linkplain #rollback() rolls back} the
 * changes with the batch's transaction, so a retried batch is not counted against itself.
 *
 * <p>Not thread-safe: the store uses it under its write lock; readers use their own instance.
 */
final class RepeatWindow {

  /** Fingerprints the writer remembers at most (about 150 bytes each). */
  static final int DEFAULT_CAPACITY = 200_000;

  private static final long WINDOW_MS = SpendHints.REPEAT_WINDOW.toMillis();

  private final int capacity;
  /** currency + ' ' + fingerprint to last-seen epoch ms, least recently seen first. */
  private final LinkedHashMap<String, Long> lastSeen = new LinkedHashMap<>();
  /** Changes since the last commit: key and previous value (null: absent). */
  private final List<Map.Entry<String, Long>> undo = new ArrayList<>();
  private long newest = Long.MIN_VALUE;
  private long committedNewest = Long.MIN_VALUE;

  RepeatWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
    }
    this.capacity = capacity;
  }

  /** An unbounded window that never evicts by count (for a reader going through a time range). */
  static RepeatWindow unbounded() {
    return new RepeatWindow(Integer.MAX_VALUE);
  }

  /**
   * Records a successful call with a fingerprint at {@code ms} and tells whether it repeats one
   * seen at most the repeat window before.
   */
  boolean seen(String currency, String hash, long ms) {
    String key = currency + ' ' + hash;
    Long last = lastSeen.remove(key);
    undo.add(Map.entry(key, last == null ? Long.MIN_VALUE : last));
    lastSeen.put(key, last == null ? ms : Math.max(last, ms));
    newest = Math.max(newest, ms);
    return last != null && ms <= last + WINDOW_MS;
  }

  /** Keeps the changes since the last commit, then evicts what is too old or too many. */
  void commit() {
    undo.clear();
    committedNewest = newest;
    Iterator<Long> it = lastSeen.values().iterator();
    int size = lastSeen.size();
    while (it.hasNext()) {
      long t = it.next();
      if (size > capacity || t < newest - WINDOW_MS) {
        it.remove();
        size--;
      } else {
        break;
      }
    }
  }

  /** Undoes the changes since the last commit. */
  void rollback() {
    for (Map.Entry<String, Long> u : undo.reversed()) {
      if (u.getValue() == Long.MIN_VALUE) {
        lastSeen.remove(u.getKey());
      } else {
        lastSeen.put(u.getKey(), u.getValue());
      }
    }
    undo.clear();
    newest = committedNewest;
  }

  /** Fingerprints held (for tests). */
  int size() {
    return lastSeen.size();
  }
}
