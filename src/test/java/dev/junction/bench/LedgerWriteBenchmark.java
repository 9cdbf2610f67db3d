package dev.junction.bench;

import dev.junction.chat.Usage;
import dev.junction.ledger.LedgerEntry;
import dev.junction.ledger.LedgerStore;
import dev.junction.ledger.Spend;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ledger writer's per-entry cost: one flush of {@value #BATCH} entries through {@link
 * LedgerStore#write} into a SQLite file (raw rows, daily rollups and latency histograms in one
 * transaction, as the writer thread does), reported per entry. The entries look like gateway
 * traffic: a few keys, models and tags, one day, priced. {@code rollups=false} isolates the raw
 * insert. Run with {@code bench/jmh.sh LedgerWrite} (see docs/PERFORMANCE.md); not a unit test.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx512m"})
public class LedgerWriteBenchmark {

  static final int BATCH = 500;
  /** Entries per flush: {@value #BATCH} under JMH; {@code -Dledger.bench.batch} for main. */
  int batchSize = BATCH;

  @Param({"true", "false"})
  boolean rollups;

  private Path dir;
  private LedgerStore store;
  private final List<List<LedgerEntry>> batches = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("ledger-bench");
    store = LedgerStore.sqlite(dir.resolve("ledger.db"));
    SplittableRandom r = new SplittableRandom(5);
    Instant start = Instant.parse("2026-11-22T00:00:00Z");
    for (int b = 0; b < 64 * BATCH / batchSize; b++) {
      List<LedgerEntry> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        batch.add(entry(r, b * batchSize + i, start));
      }
      batches.add(List.copyOf(batch));
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void flush() {
    store.write(batches.get(next++ % batches.size()), rollups);
  }

  /**
   * CPU time per entry without JMH (wall-clock numbers are unreliable on a shared machine): the
   * writing thread's CPU time over {@code args[0]} flushes (default 400) after as many for
   * warm-up, 5 rounds, with and without rollups; prints the median and minimum per entry, and
   * the bytes the thread allocated per entry (deterministic, unlike time).
   */
  public static void main(String[] args) throws IOException {
    int flushes = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    var mx = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (boolean withRollups : new boolean[] {true, false}) {
      LedgerWriteBenchmark b = new LedgerWriteBenchmark();
      b.rollups = withRollups;
      b.batchSize = Integer.getInteger("ledger.bench.batch", BATCH);
      b.open();
      try {
        for (int i = 0; i < flushes; i++) {
          b.flush();
        }
        long[] ns = new long[5];
        long bytes = 0;
        for (int round = 0; round < ns.length; round++) {
          long t0 = mx.getCurrentThreadCpuTime();
          long b0 = mx.getCurrentThreadAllocatedBytes();
          for (int i = 0; i < flushes; i++) {
            b.flush();
          }
          ns[round] = (mx.getCurrentThreadCpuTime() - t0) / ((long) flushes * b.batchSize);
          bytes = (mx.getCurrentThreadAllocatedBytes() - b0) / ((long) flushes * b.batchSize);
        }
        java.util.Arrays.sort(ns);
        System.out.printf(java.util.Locale.ROOT,
            "rollups=%s: writer CPU per entry median %d ns, min %d ns; %d bytes allocated per "
                + "entry (%d flushes of %d)%n", withRollups, ns[2], ns[0], bytes, flushes, b.batchSize);
      } finally {
        b.close();
      }
    }
  }

  static LedgerEntry entry(SplittableRandom r, int i, Instant start) {
    int key = r.nextInt(20);
    String model = "gpt-4o-mini" + (key % 3 == 0 ? "" : "-" + (key % 3));
    boolean error = r.nextInt(100) < 2;
    Usage usage = error ? Usage.ZERO
        : new Usage(200 + r.nextLong(2000), r.nextLong(500), 0, 0, 20 + r.nextLong(400), 0,
            false);
    BigDecimal z = BigDecimal.ZERO;
    Spend cost = error ? Spend.zero("USD") : new Spend("USD",
        BigDecimal.valueOf(usage.input() * 150, 9), BigDecimal.valueOf(usage.cacheRead() * 75, 9),
        z, z, BigDecimal.valueOf(usage.output() * 600, 9), z);
    long latency = 5 + r.nextLong(300);
    return new LedgerEntry("req-" + Long.toHexString(r.nextLong()), start.plusMillis(i * 40L),
        "key_" + key, "team-" + (key % 4), key % 2 == 0 ? "chat" : null, "openai", "chat", model,
        "openai/" + model, "openai", model, 1, r.nextBoolean(), error ? 502 : 200,
        error ? "api_error" : null, error ? "upstream_error" : null, usage, cost, false, null,
        null, latency, latency / 3, false, Long.toHexString(r.nextLong()) + "0123456789abcdef");
  }
}
