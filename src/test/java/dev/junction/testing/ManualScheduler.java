package dev.junction.testing;

import dev.junction.ratelimit.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Scheduler} driven by a {@link ManualClock}: {@link #advance} runs what falls due. */
public final class ManualScheduler implements Scheduler {

  private record Task(long due, long seq, Runnable run, boolean[] cancelled) {}

  private final ManualClock clock;
  private final List<Task> tasks = new ArrayList<>();
  private long seq;

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Runnable schedule(long delayMillis, Runnable task) {
    boolean[] cancelled = {false};
    tasks.add(new Task(clock.millis() + delayMillis, seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves the clock forward, running each task at its due time, in order. */
  public void advance(Duration d) {
    long end = clock.millis() + d.toMillis();
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> !t.cancelled()[0] && t.due() <= end)
            .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq)).orElse(null);
        if (next == null) {
          break;
        }
        tasks.remove(next);
      }
      if (next.due() > clock.millis()) {
        clock.set(java.time.Instant.ofEpochMilli(next.due()));
      }
      next.run().run();
    }
    clock.set(java.time.Instant.ofEpochMilli(end));
  }
}
