package dev.junction.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.error.GatewayException;
import dev.junction.testing.ManualClock;
import dev.junction.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class PacerTest {

  private final ManualClock clock = ManualClock.at("2026-05-10T10:00:00Z");
  private final ManualScheduler scheduler = new ManualScheduler(clock);

  private Pacer pacer(Duration maxWait, Pacer.Lane... lanes) {
    return Pacer.of("openai/gpt-4o", List.of(lanes), maxWait, clock, scheduler);
  }

  @Test
  void tryAcquireTakesTheNamedLaneOnlyWhenItHasRoomAndNobodyWaits() {
    Pacer p = pacer(Duration.ofMinutes(5), new Pacer.Lane("key-a", 1, 0),
        new Pacer.Lane("key-b", 0, 100));
    assertThat(p.tryAcquire("key-a", 10)).hasValueSatisfying(
        pass -> assertThat(pass.lane().id()).isEqualTo("key-a"));
    assertThat(p.tryAcquire("key-a", 10)).as("one request per minute").isEmpty();
    Pacer.Pass b = p.tryAcquire("key-b", 80).orElseThrow();
    assertThat(p.tryAcquire("key-b", 30)).as("80 + 30 > 100 tokens").isEmpty();
    b.complete(50); // the call used 50, not 80: 50 left
    assertThat(p.tryAcquire("key-b", 30)).isPresent();
    CompletableFuture<Pacer.Pass> waiting = p.acquire(Priority.NORMAL, 100);
    assertThat(waiting).isNotDone();
    assertThat(p.tryAcquire("key-b", 1)).as("a waiting call goes first").isEmpty();
    assertThatThrownBy(() -> p.tryAcquire("key-c", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key-c");
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(waiting).isDone();
  }

  @Test
  void aWaiterIsNeverGivenALaneItCannotUseAndAnUnsentPassGivesItsSlotBack() {
    Pacer p = pacer(Duration.ofMinutes(5), new Pacer.Lane("down", 100, 0),
        new Pacer.Lane("up", 1, 0));
    java.util.Set<String> out = new java.util.HashSet<>(java.util.Set.of("down"));
    Pacer.Pass first = p.acquire(Priority.NORMAL, 1, lane -> !out.contains(lane)).join();
    assertThat(first.lane().id()).isEqualTo("up");
    CompletableFuture<Pacer.Pass> second = p.acquire(Priority.NORMAL, 1,
        lane -> !out.contains(lane));
    assertThat(second).as("'down' has room but its deployment is out").isNotDone();
    first.cancel(); // never sent: 'up' gets its request back at once
    assertThat(second).isDone();
    assertThat(second.join().lane().id()).isEqualTo("up");
    CompletableFuture<Pacer.Pass> third = p.acquire(Priority.NORMAL, 1,
        lane -> !out.contains(lane));
    assertThat(third).isNotDone();
    out.clear(); // 'down' comes back without any pass completing: seen at the next recheck
    scheduler.advance(Duration.ofMillis(Pacer.RECHECK_MILLIS));
    assertThat(third).isDone();
    assertThat(third.join().lane().id()).isEqualTo("down");
  }

  @Test
  void loadIsSpreadAcrossLanes() {
    Pacer p = pacer(Duration.ofMinutes(5), new Pacer.Lane("key-a", 2, 0),
        new Pacer.Lane("key-b", 2, 0));
    List<String> used = List.of(p.acquire(Priority.NORMAL, 1).join().lane().id(),
        p.acquire(Priority.NORMAL, 1).join().lane().id(),
        p.acquire(Priority.NORMAL, 1).join().lane().id(),
        p.acquire(Priority.NORMAL, 1).join().lane().id());
    assertThat(used).containsExactlyInAnyOrder("key-a", "key-a", "key-b", "key-b");
    assertThat(p.acquire(Priority.NORMAL, 1)).isNotDone();
  }

  @Test
  void whenEveryLaneIsFullCallsLeaveByPriorityThenArrival() {
    Pacer p = pacer(Duration.ofMinutes(10), new Pacer.Lane("key", 1, 0)); // one call per 60 s
    List<String> upstreamCalls = new CopyOnWriteArrayList<>();
    p.acquire(Priority.NORMAL, 1).thenRun(() -> upstreamCalls.add("first"));
    for (String[] c : new String[][] {{"low-1", "LOW"}, {"normal-1", "NORMAL"},
        {"high-1", "HIGH"}, {"low-2", "LOW"}, {"high-2", "HIGH"}}) {
      p.acquire(Priority.valueOf(c[1]), 1).thenRun(() -> upstreamCalls.add(c[0]));
    }
    assertThat(upstreamCalls).containsExactly("first");
    assertThat(p.waiting()).isEqualTo(5);
    scheduler.advance(Duration.ofSeconds(59));
    assertThat(upstreamCalls).containsExactly("first");
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(upstreamCalls).containsExactly("first", "high-1", "high-2", "normal-1", "low-1",
        "low-2");
  }

  @Test
  void aCallThatWaitsTooLongFailsWith429() {
    Pacer p = pacer(Duration.ofSeconds(30), new Pacer.Lane("key", 1, 0));
    p.acquire(Priority.HIGH, 1).join();
    CompletableFuture<Pacer.Pass> late = p.acquire(Priority.HIGH, 1);
    scheduler.advance(Duration.ofSeconds(29));
    assertThat(late).isNotDone();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(late).isCompletedExceptionally();
    try {
      late.get();
    } catch (InterruptedException | ExecutionException e) {
      GatewayException g = (GatewayException) e.getCause();
      assertThat(g.status()).isEqualTo(429);
      assertThat(g.code()).isEqualTo("upstream_capacity");
      assertThat(g.retryAfterMillis()).isEqualTo(30_000);
    }
    assertThat(p.waiting()).isZero();
  }

  @Test
  void tokensReturnedAtCompletionLetTheNextCallGo() {
    Pacer p = pacer(Duration.ofMinutes(1), new Pacer.Lane("key", 0, 1000));
    Pacer.Pass big = p.acquire(Priority.NORMAL, 900).join();
    CompletableFuture<Pacer.Pass> next = p.acquire(Priority.NORMAL, 500);
    assertThat(next).isNotDone();
    big.complete(100); // 800 come back: 900 free now
    assertThat(next).isCompleted();
    big.complete(100); // a second completion changes nothing
    assertThat(p.acquire(Priority.NORMAL, 500)).isNotDone();
  }
}
