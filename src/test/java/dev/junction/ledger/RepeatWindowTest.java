package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The writer's bounded window of recent prompt fingerprints, and the order it goes through a batch. */
class RepeatWindowTest {

  private static final long HOUR = 3_600_000L;

  @Test
  void aFingerprintRepeatsUpToOneHourAfterItWasLastSeenInTheSameCurrency() {
    RepeatWindow w = new RepeatWindow(10);
    assertThat(w.seen("USD", "a", 0)).isFalse();
    assertThat(w.seen("EUR", "a", 1)).isFalse(); // another currency
    assertThat(w.seen("USD", "a", HOUR)).isTrue(); // exactly one hour: included
    assertThat(w.seen("USD", "a", 2 * HOUR + 1)).isFalse(); // one hour and 1 ms after the last
    w.commit();
  }

  @Test
  void committedFingerprintsOlderThanTheWindowOrBeyondTheCapacityAreForgotten() {
    RepeatWindow w = new RepeatWindow(3);
    for (int i = 0; i < 5; i++) {
      w.seen("USD", "h" + i, i);
    }
    w.commit();
    assertThat(w.size()).isEqualTo(3);
    assertThat(w.seen("USD", "h0", 10)).isFalse(); // evicted by count: a missed repeat
    assertThat(w.seen("USD", "h4", 11)).isTrue();
    w.seen("USD", "late", 11 + HOUR + 1);
    w.commit();
    assertThat(w.size()).isEqualTo(1); // everything else was last seen over an hour before
  }

  @Test
  void rollbackRestoresTheWindowOfTheLastCommit() {
    RepeatWindow w = new RepeatWindow(10);
    w.seen("USD", "a", 0);
    w.commit();
    assertThat(w.seen("USD", "a", 100)).isTrue();
    assertThat(w.seen("USD", "b", 100)).isFalse();
    w.rollback();
    assertThat(w.size()).isEqualTo(1);
    assertThat(w.seen("USD", "b", 200)).isFalse(); // not seen: its first sighting was undone
    assertThat(w.seen("USD", "a", HOUR)).isTrue(); // last seen at 0, not at 100
    assertThat(w.seen("USD", "a", 2 * HOUR + 1)).isFalse();
  }

  @Test
  void capacityMustBePositive() {
    assertThatThrownBy(() -> new RepeatWindow(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity: 0 (expected: >= 1)");
  }

  @Test
  void aBatchIsGoneThroughByMillisecondThenListOrder() {
    Instant t = Instant.parse("2026-11-23T00:00:00Z");
    assertThat(HintTable.timeOrder(List.of(at(t, 0), at(t, 0), at(t, 5)))).isNull(); // in order
    // completion order differs from start order; a tie keeps list order; sub-ms parts are ignored
    List<LedgerEntry> batch = List.of(at(t, 7), at(t.plusNanos(900_000), 3), at(t, 3),
        at(t, 5), at(t, -2));
    assertThat(HintTable.timeOrder(batch)).containsExactly(4, 1, 2, 3, 0);
    // spans beyond the packed form (2^31 ms) take the boxed path with the same result
    List<LedgerEntry> wide = List.of(at(t, 40L * 86_400_000), at(t, 0), at(t, 40L * 86_400_000),
        at(t, -1));
    assertThat(HintTable.timeOrder(wide)).containsExactly(3, 1, 0, 2);
  }

  @Test
  void theOrderEqualsAStableSortByMillisecond() {
    SplittableRandom r = new SplittableRandom(11);
    Instant t = Instant.parse("2026-11-23T00:00:00Z");
    for (int round = 0; round < 50; round++) {
      List<LedgerEntry> batch = new ArrayList<>();
      int n = 1 + r.nextInt(300);
      for (int i = 0; i < n; i++) {
        batch.add(at(t, r.nextInt(40))); // many ties
      }
      int[] order = HintTable.timeOrder(batch);
      List<Integer> expected = IntStream.range(0, n).boxed()
          .sorted(Comparator.comparingLong(i -> batch.get(i).time().toEpochMilli())).toList();
      List<Integer> actual = order == null ? IntStream.range(0, n).boxed().toList()
          : IntStream.of(order).boxed().toList();
      assertThat(actual).isEqualTo(expected);
    }
  }

  private static LedgerEntry at(Instant base, long plusMillis) {
    return Entries.plain("r", base.plusMillis(plusMillis), "gpt-4o", "USD", "0.01");
  }
}
