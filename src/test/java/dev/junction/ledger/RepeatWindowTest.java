package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The writer's bounded window of recent prompt fingerprints. */
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
}
