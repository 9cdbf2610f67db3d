package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.ledger.LedgerEntry;
import dev.junction.ledger.LedgerStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's crash guarantee, on the real gateway in a separate JVM: {@code kill -9} it under
 * load, restart it on the same SQLite file, stop it cleanly; every request answered at least the
 * flush interval plus a margin before the kill is in the ledger exactly once, and no request id
 * is there twice.
 */
class LedgerCrashTest {

  private static final Duration FLUSH = Duration.ofMillis(200);
  /** Answers older than this at the kill must have been flushed (flush interval + margin). */
  private static final Duration SAFE = FLUSH.plusMillis(800);
  private static final Duration LOAD = Duration.ofSeconds(3);
  private static final int CLIENTS = 4;
  private static final int MAX_REQUESTS_PER_CLIENT = 5_000;

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  /** One 200 answer: its request id and when the client had it (System.nanoTime). */
  record Answer(String requestId, long receivedNanos) {}

  @Test
  void everyRequestAnsweredBeforeTheLastFlushSurvivesKillNine() throws Exception {
    Path db = dir.resolve("ledger.db");
    int port = freePort();
    Path yaml = dir.resolve("junction.yaml");
    Files.writeString(yaml, """
        server: {host: 127.0.0.1, port: %d, event-loops: 1}
        providers-from-env: false
        ledger: {store: sqlite, path: "%s", flush-interval: %dms}
        models:
          - name: sim
            deployments: [{provider: simulator, simulator: {output-tokens: 5}}]
        """.formatted(port, db, FLUSH.toMillis()));
    String base = "http://127.0.0.1:" + port;

    Process first = null;
    Process second = null;
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Answer> answers;
    long killNanos;
    String afterRestart;
    try {
      first = start(yaml, dir.resolve("first.log"));
      awaitReady(first, base, dir.resolve("first.log"));

      ConcurrentLinkedQueue<Answer> seen = new ConcurrentLinkedQueue<>();
      long until = System.nanoTime() + LOAD.toNanos();
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        running.add(clients.submit(() -> {
          for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && System.nanoTime() < until; i++) {
            Answer a = chat(base, "client " + client + " request " + i);
            if (a != null) {
              seen.add(a);
            }
          }
          return null;
        }));
      }
      // kill while the clients are still sending
      Thread.sleep(LOAD.toMillis());
      killNanos = System.nanoTime();
      first.destroyForcibly();
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
      answers = List.copyOf(seen);

      // the crashed file opens again (migrations re-run as a no-op) and takes new entries
      second = start(yaml, dir.resolve("second.log"));
      awaitReady(second, base, dir.resolve("second.log"));
      Answer one = chat(base, "after the restart");
      assertThat(one).as("a request after the restart").isNotNull();
      afterRestart = one.requestId();
      second.destroy(); // SIGTERM: the shutdown hook flushes the ledger
      assertThat(second.waitFor(20, TimeUnit.SECONDS)).as("graceful stop").isTrue();
    } finally {
      clients.shutdownNow();
      kill(first);
      kill(second);
    }

    List<LedgerEntry> rows;
    try (LedgerStore store = LedgerStore.sqlite(db)) {
      rows = store.entries(Instant.EPOCH, Instant.now().plusSeconds(3600));
    }
    Map<String, Long> counts = rows.stream()
        .collect(Collectors.groupingBy(LedgerEntry::requestId, Collectors.counting()));
    List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey).toList();
    assertThat(twice).as("request ids stored more than once").isEmpty();

    long safeBefore = killNanos - SAFE.toNanos();
    List<Answer> old = answers.stream().filter(a -> a.receivedNanos() < safeBefore).toList();
    List<Answer> recent = answers.stream().filter(a -> a.receivedNanos() >= safeBefore).toList();
    assertThat(old).as("answers received well before the kill").hasSizeGreaterThan(20);
    List<String> lost = old.stream().map(Answer::requestId)
        .filter(id -> !counts.containsKey(id)).toList();
    assertThat(lost).as("answered >= " + SAFE.toMillis() + " ms before the kill but not in the "
        + "ledger").isEmpty();
    assertThat(counts).containsEntry(afterRestart, 1L);
    assertThat(answers.stream().map(Answer::requestId).distinct()).hasSize(answers.size());

    long recentStored = recent.stream().filter(a -> counts.containsKey(a.requestId())).count();
    System.out.printf("LedgerCrashTest: %d answers before kill -9, %d older than %d ms (all "
        + "stored once), %d in the last %d ms of which %d stored; %d ledger rows%n",
        answers.size(), old.size(), SAFE.toMillis(), recent.size(), SAFE.toMillis(),
        recentStored, rows.size());
  }

  private static Process start(Path yaml, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    if (Runtime.version().feature() >= 22) {
      cmd.add("--enable-native-access=ALL-UNNAMED"); // sqlite-jdbc loads a native library
    }
    cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "dev.junction.Main", "serve", "--config", yaml.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().remove("JUNCTION_PORT");
    pb.environment().remove("JUNCTION_CONFIG");
    return pb.start();
  }

  private static void awaitReady(Process p, String base, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("the gateway exited with " + p.exitValue() + ":\n"
            + Files.readString(log));
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base
            + "/health/ready")).timeout(Duration.ofSeconds(1)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the gateway was not ready within 30 s:\n" + Files.readString(log));
  }

  /** One chat call; its answer when it was a 200, null when it failed (e.g. at the kill). */
  private static @Nullable Answer chat(String base, String text) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base
          + "/v1/chat/completions")).timeout(Duration.ofSeconds(5))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim\",\"messages\":[{\"role\":"
              + "\"user\",\"content\":\"" + text + "\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      long received = System.nanoTime();
      if (r.statusCode() != 200) {
        return null;
      }
      String id = r.headers().firstValue("x-request-id").orElseThrow(
          () -> new AssertionError("a 200 answer without x-request-id"));
      return new Answer(id, received);
    } catch (IOException e) {
      return null; // the gateway died under this request
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void kill(@Nullable Process p) throws InterruptedException {
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
