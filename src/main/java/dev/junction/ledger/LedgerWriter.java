package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import dev.junction.config.ConfigValues;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Ledger} with a store: a lock-free bounded queue in front of one writer thread.
 *
 * <p>Design: {@link #record} reserves a slot with one atomic increment of {@code queued} (over
 * capacity: undo, count a drop), offers to a {@link ConcurrentLinkedQueue}, and wakes the writer
 * when a batch is full. The writer parks until the flush interval passes, a batch is full, a
 * flush is requested or close begins; then it writes what was queued at that moment in batches
 * (one transaction each), runs the retention when due and logs drops at most once per interval. A
 * batch that fails because the database is unavailable is held and retried next interval (the
 * queue fills meanwhile and later entries are dropped); a batch the database refuses for its data
 * is written entry by entry so one bad row cannot stop the ledger. {@code inFlight} lets {@link
 * #close} wait for callers that passed the closing check, so nothing is enqueued after the last
 * drain.
 */
final class LedgerWriter implements Ledger {

  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
  /** How often the retention job runs (by the injected clock). */
  static final Duration RETENTION_EVERY = Duration.ofHours(1);
  /** Write attempts of the final drain before the remaining entries are given up. */
  private static final int CLOSE_ATTEMPTS = 3;

  private final LedgerStore store;
  private final LedgerConfig config;
  private final InstantSource clock;
  private final long intervalNanos;
  private final ConcurrentLinkedQueue<LedgerEntry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> flushes =
      new ConcurrentLinkedQueue<>();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean closing;
  private volatile boolean stopRequested;
  private volatile long written;
  private volatile long rejected;
  private volatile long failedWrites;
  private volatile int held;

  // Writer-thread state.
  private List<LedgerEntry> pending = List.of();
  private boolean failing;
  private Instant nextRetention;
  private long dropsLogged;
  private long lastDropWarn;
  private long lastFailureWarn;

  private LedgerWriter(LedgerStore store, LedgerConfig config, InstantSource clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.intervalNanos = config.flushInterval().toNanos();
    this.nextRetention = clock.instant();
    long now = System.nanoTime();
    this.lastDropWarn = now - intervalNanos;
    this.lastFailureWarn = now - intervalNanos;
    this.thread = new Thread(this::run, "junction-ledger-writer");
    thread.setDaemon(true);
  }

  static LedgerWriter start(LedgerStore store, LedgerConfig config, InstantSource clock) {
    LedgerWriter w = new LedgerWriter(store, config, clock);
    w.thread.start();
    return w;
  }

  @Override
  public boolean record(LedgerEntry entry) {
    requireNonNull(entry, "entry");
    inFlight.incrementAndGet();
    try {
      if (closing) {
        dropped.increment();
        return false;
      }
      int n = queued.incrementAndGet();
      if (n > config.queueCapacity()) {
        queued.decrementAndGet();
        dropped.increment();
        return false;
      }
      queue.offer(entry);
      accepted.increment();
      if (n == config.batchSize()) {
        LockSupport.unpark(thread);
      }
      return true;
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public boolean flush(Duration timeout) {
    if (closeStarted.get()) {
      return queued.get() == 0 && held == 0;
    }
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    flushes.add(done);
    LockSupport.unpark(thread);
    try {
      return done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    }
  }

  @Override
  public LedgerStats stats() {
    return new LedgerStats(accepted.sum(), written, dropped.sum(), rejected,
        queued.get() + (long) held, failedWrites);
  }

  @Override
  public Optional<LedgerStore> store() {
    return Optional.of(store);
  }

  @Override
  public void close() {
    if (!closeStarted.compareAndSet(false, true)) {
      joinWriter();
      return;
    }
    closing = true;
    while (inFlight.get() > 0) {
      Thread.onSpinWait();
    }
    stopRequested = true;
    LockSupport.unpark(thread);
    joinWriter();
    store.close();
    LedgerStats s = stats();
    if (s.dropped() > 0 || s.rejected() > 0) {
      LOG.warn("ledger closed: {} written, {} dropped (queue full), {} not stored (database "
          + "refused or unavailable)", s.written(), s.dropped(), s.rejected());
    }
  }

  private void joinWriter() {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long nextFlush = System.nanoTime() + intervalNanos;
    while (true) {
      boolean stopping = stopRequested;
      while (!stopping && !wake() && nextFlush - System.nanoTime() > 0) {
        LockSupport.parkNanos(this, nextFlush - System.nanoTime());
        // An interrupt would make every park return at once: the writer stops only by close().
        Thread.interrupted();
        stopping = stopRequested;
      }
      if (nextFlush - System.nanoTime() <= 0) {
        nextFlush = System.nanoTime() + intervalNanos;
      }
      List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
      for (CompletableFuture<Boolean> f; (f = flushes.poll()) != null; ) {
        waiting.add(f);
      }
      boolean ok;
      try {
        ok = stopping ? drainForClose() : writeQueued(queued.get());
        runRetentionIfDue();
        warnIfDropping();
      } catch (RuntimeException e) {
        LOG.error("ledger writer: unexpected failure (continuing)", e);
        ok = false;
      }
      for (CompletableFuture<Boolean> f : waiting) {
        f.complete(ok);
      }
      if (stopping) {
        for (CompletableFuture<Boolean> f; (f = flushes.poll()) != null; ) {
          f.complete(ok);
        }
        return;
      }
    }
  }

  private boolean wake() {
    return !flushes.isEmpty() || (!failing && queued.get() >= config.batchSize());
  }

  /** Writes the held batch, then up to {@code budget} queued entries. False when one failed. */
  private boolean writeQueued(int budget) {
    int left = budget;
    while (true) {
      if (pending.isEmpty()) {
        if (left <= 0) {
          failing = false;
          return true;
        }
        pending = takeBatch(Math.min(left, config.batchSize()));
        left -= pending.size();
        if (pending.isEmpty()) {
          failing = false;
          return true;
        }
      }
      if (!writePending()) {
        failing = true;
        return false;
      }
    }
  }

  private List<LedgerEntry> takeBatch(int max) {
    List<LedgerEntry> batch = new ArrayList<>(max);
    for (LedgerEntry e; batch.size() < max && (e = queue.poll()) != null; ) {
      batch.add(e);
    }
    // Count the batch as held before it leaves the queue count, so stats never miss it.
    held = batch.size();
    queued.addAndGet(-batch.size());
    return batch;
  }

  /** Stores {@link #pending}; on success clears it. False when the database is unavailable. */
  private boolean writePending() {
    try {
      store.write(pending, config.rollup());
      written += pending.size();
      clearPending();
      return true;
    } catch (StoreFailure f) {
      failedWrites++;
      if (f.refusedData()) {
        return writeOneByOne();
      }
      warnFailure(f);
      return false;
    } catch (RuntimeException e) {
      failedWrites++;
      warnFailure(e);
      return false;
    }
  }

  /** Writes the held batch entry by entry, giving up the entries whose data is refused. */
  private boolean writeOneByOne() {
    List<LedgerEntry> batch = pending;
    for (int i = 0; i < batch.size(); i++) {
      LedgerEntry e = batch.get(i);
      try {
        store.write(List.of(e), config.rollup());
        written++;
      } catch (StoreFailure f) {
        if (!f.refusedData()) {
          pending = List.copyOf(batch.subList(i, batch.size()));
          held = pending.size();
          failedWrites++;
          warnFailure(f);
          return false;
        }
        rejected++;
        LOG.error("ledger: the database refused entry {} (not stored): {}", e.requestId(),
            f.getMessage());
      }
    }
    clearPending();
    return true;
  }

  private void clearPending() {
    pending = List.of();
    held = 0;
  }

  /** The final drain: everything, with a few attempts; what still fails is given up. */
  private boolean drainForClose() {
    int attempts = 0;
    while (!writeQueued(Integer.MAX_VALUE)) {
      if (++attempts >= CLOSE_ATTEMPTS) {
        long lost = pending.size() + (long) queued.get();
        rejected += lost;
        queue.clear();
        queued.set(0);
        clearPending();
        LOG.error("ledger: {} entries could not be stored before shutdown (database unavailable)",
            lost);
        return false;
      }
      LockSupport.parkNanos(Math.min(intervalNanos, TimeUnit.SECONDS.toNanos(1)));
    }
    return true;
  }

  private void runRetentionIfDue() {
    if (config.retention().isZero()) {
      return;
    }
    Instant now = clock.instant();
    if (now.isBefore(nextRetention)) {
      return;
    }
    nextRetention = now.plus(RETENTION_EVERY);
    Instant cutoff = now.minus(config.retention());
    try {
      long n = store.deleteEntriesBefore(cutoff);
      if (n > 0) {
        LOG.info("ledger: deleted {} raw entries older than {} (rollups kept)", n, cutoff);
      }
    } catch (RuntimeException e) {
      LOG.warn("ledger: retention failed, retrying in {}: {}",
          ConfigValues.formatDuration(RETENTION_EVERY), e.getMessage());
    }
  }

  private void warnIfDropping() {
    long d = dropped.sum();
    long now = System.nanoTime();
    if (d > dropsLogged && now - lastDropWarn >= intervalNanos) {
      LOG.warn("ledger: DROPPED {} entries since the last report ({} in total): the queue of {} "
          + "is full because the database is down or slower than the traffic; their cost is "
          + "not recorded", d - dropsLogged, d, config.queueCapacity());
      dropsLogged = d;
      lastDropWarn = now;
    }
  }

  private void warnFailure(RuntimeException e) {
    long now = System.nanoTime();
    if (now - lastFailureWarn >= intervalNanos) {
      LOG.warn("ledger: write failed, retrying every {} ({} entries waiting): {}",
          ConfigValues.formatDuration(config.flushInterval()), queued.get() + (long) held,
          e.getMessage());
      lastFailureWarn = now;
    }
  }
}
