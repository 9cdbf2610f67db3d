package dev.junction.ledger;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

  private static final long WINDOW_MS = SpendHints.REPEAT_WINDOW.toMillis();

  /** When a fingerprint was last seen; updated in place so that a sighting allocates nothing. */
  private static final class Seen {
    long ms;

    Seen(long ms) {
      this.ms = ms;
    }
  }

  private final int capacity;
  /** Per currency: fingerprint to last sighting, least recently seen first (access order). */
  private final Map<String, LinkedHashMap<String, Seen>> byCurrency = new HashMap<>();
  private int size;
  /**
   * Changes since the last commit, as parallel arrays: a fingerprint first seen (currency and
   * hash, to remove) or a sighting updated (its previous time).
   */
  private String[] undoCurrency = new String[64];
  private String[] undoHash = new String[64];
  private Seen[] undoSeen = new Seen[64];
  private long[] undoMs = new long[64];
  private int undoCount;
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
    LinkedHashMap<String, Seen> recent = byCurrency.get(currency);
    if (recent == null) {
      recent = new LinkedHashMap<>(16, 0.75f, true);
      byCurrency.put(currency, recent);
    }
    newest = Math.max(newest, ms);
    Seen last = recent.get(hash);
    if (undoCount == undoMs.length) {
      int n = undoCount * 2;
      undoCurrency = Arrays.copyOf(undoCurrency, n);
      undoHash = Arrays.copyOf(undoHash, n);
      undoSeen = Arrays.copyOf(undoSeen, n);
      undoMs = Arrays.copyOf(undoMs, n);
    }
    if (last == null) {
      recent.put(hash, new Seen(ms));
      size++;
      undoCurrency[undoCount] = currency;
      undoHash[undoCount] = hash;
      undoSeen[undoCount++] = null;
      return false;
    }
    undoSeen[undoCount] = last;
    undoMs[undoCount++] = last.ms;
    boolean repeat = ms <= last.ms + WINDOW_MS;
    last.ms = Math.max(last.ms, ms);
    return repeat;
  }

  /** Keeps the changes since the last commit, then evicts what is too old or too many. */
  void commit() {
    clearUndo();
    committedNewest = newest;
    for (LinkedHashMap<String, Seen> recent : byCurrency.values()) {
      Iterator<Seen> it = recent.values().iterator();
      while (it.hasNext() && it.next().ms < newest - WINDOW_MS) {
        it.remove();
        size--;
      }
    }
    while (size > capacity) {
      LinkedHashMap<String, Seen> largest = null;
      for (LinkedHashMap<String, Seen> recent : byCurrency.values()) {
        if (largest == null || recent.size() > largest.size()) {
          largest = recent;
        }
      }
      Iterator<Seen> it = largest.values().iterator();
      while (size > capacity && it.hasNext()) {
        it.next();
        it.remove();
        size--;
      }
    }
  }

  /** Undoes the changes since the last commit. */
  void rollback() {
    for (int i = undoCount - 1; i >= 0; i--) {
      if (undoSeen[i] == null) {
        if (byCurrency.get(undoCurrency[i]).remove(undoHash[i]) != null) {
          size--;
        }
      } else {
        undoSeen[i].ms = undoMs[i];
      }
    }
    clearUndo();
    newest = committedNewest;
  }

  private void clearUndo() {
    Arrays.fill(undoCurrency, 0, undoCount, null);
    Arrays.fill(undoHash, 0, undoCount, null);
    Arrays.fill(undoSeen, 0, undoCount, null);
    undoCount = 0;
  }

  /** Fingerprints held (for tests). */
  int size() {
    return size;
  }
}
