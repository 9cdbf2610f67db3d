package dev.junction.routing;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outcomes of the last {@code size} calls, lock-free: a ring of slots, each swapped
 * atomically, and one packed counter (calls in the high 32 bits, failures in the low 32) moved by
 * the exact difference each swap made. Two concurrent recorders never lose an update, and a
 * reader always sees calls and failures from the same instant.
 */
final class CountWindow implements FailureWindow {

  private static final int EMPTY = 0;
  private static final int SUCCESS = 1;
  private static final int FAILURE = 2;

  private final AtomicIntegerArray slots;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong packed = new AtomicLong();

  CountWindow(int size) {
    slots = new AtomicIntegerArray(size);
  }

  @Override
  public void record(boolean failure, long nowMillis) {
    int slot = (int) Math.floorMod(next.getAndIncrement(), (long) slots.length());
    int outcome = failure ? FAILURE : SUCCESS;
    int old = slots.getAndSet(slot, outcome);
    long delta = (old == EMPTY ? 1L << 32 : 0)
        + (outcome == FAILURE ? 1 : 0) - (old == FAILURE ? 1 : 0);
    if (delta != 0) {
      packed.addAndGet(delta);
    }
  }

  @Override
  public Tally tally(long nowMillis) {
    long v = packed.get();
    int failures = (int) v; // may be -1 for an instant while a swap's two halves land
    int calls = (int) ((v - failures) >>> 32);
    return new Tally(calls, Math.max(0, failures));
  }
}
