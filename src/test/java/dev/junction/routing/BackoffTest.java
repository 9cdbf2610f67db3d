package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = Backoff.fullJitter(Duration.ofMillis(100),
      Duration.ofMillis(1_000), new SplittableRandom(2024));

  @Test
  void theCeilingDoublesFromTheBaseUpToTheCap() {
    assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(1_000));
    assertThat(backoff.ceiling(61)).isEqualTo(Duration.ofMillis(1_000));
    assertThat(backoff.ceiling(5_000)).as("no overflow").isEqualTo(Duration.ofMillis(1_000));
  }

  @Test
  void fullJitterSpansZeroToTheCeiling() {
    for (int retry = 0; retry < 6; retry++) {
      long ceiling = Math.min(1_000, 100L << retry);
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < 5_000; i++) {
        long d = backoff.delay(retry).toMillis();
        assertThat(d).isBetween(0L, ceiling);
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
      // full jitter, not "half jitter": the whole range is used
      assertThat(min).isLessThanOrEqualTo(ceiling / 20);
      assertThat(max).isGreaterThanOrEqualTo(ceiling - ceiling / 20);
    }
  }

  @Test
  void theSameSeedGivesTheSameWaits() {
    Backoff a = Backoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(1),
        new SplittableRandom(7));
    Backoff b = Backoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(1),
        new SplittableRandom(7));
    for (int i = 0; i < 20; i++) {
      assertThat(a.delay(i % 5)).isEqualTo(b.delay(i % 5));
    }
  }

  @Test
  void refusesACapBelowTheBase() {
    assertThatThrownBy(() -> Backoff.fullJitter(Duration.ofSeconds(2), Duration.ofSeconds(1),
        new SplittableRandom(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
