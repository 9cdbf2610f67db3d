package dev.junction.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final ManualClock clock = ManualClock.at("2026-05-10T10:00:00Z");
  private final RateLimiter limiter = RateLimiter.of(LimitStore.inMemory(), clock);

  private static RateScope key(long rpm, long tpm, int concurrent) {
    return new RateScope("key:k", new RateLimits(rpm, tpm, concurrent));
  }

  @Test
  void requestsPerMinuteRefillContinuously() {
    RateScope k = key(3, 0, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire(List.of(k), 0).allowed()).isTrue();
    }
    RateDecision d = limiter.acquire(List.of(k), 0);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo(RateDecision.Reason.REQUESTS);
    assertThat(d.scopeId()).isEqualTo("key:k");
    assertThat(d.retryAfterMillis()).isEqualTo(20_000); // one request per 60 s / 3
    assertThat(d.headers().toMap()).containsEntry("x-ratelimit-limit-requests", "3")
        .containsEntry("x-ratelimit-remaining-requests", "0")
        .containsEntry("x-ratelimit-reset-requests", "1m0s")
        .doesNotContainKey("x-ratelimit-limit-tokens");
    clock.advance(Duration.ofMillis(19_999));
    assertThat(limiter.acquire(List.of(k), 0).allowed()).isFalse();
    clock.advance(Duration.ofMillis(1));
    RateDecision ok = limiter.acquire(List.of(k), 0);
    assertThat(ok.allowed()).isTrue();
    assertThat(ok.headers().remainingRequests()).isZero();
  }

  @Test
  void tokensAreChargedAtAdmissionAndCorrectedAtCompletion() {
    RateScope k = key(0, 1000, 0);
    RateDecision first = limiter.acquire(List.of(k), 600);
    assertThat(first.allowed()).isTrue();
    assertThat(first.headers().remainingTokens()).isEqualTo(400);
    RateDecision second = limiter.acquire(List.of(k), 600);
    assertThat(second.allowed()).isFalse();
    assertThat(second.reason()).isEqualTo(RateDecision.Reason.TOKENS);
    assertThat(second.retryAfterMillis()).isEqualTo(12_000); // 200 missing at 1000 per 60 s
    assertThat(first.ticket().complete(100)).isTrue(); // 500 refunded
    assertThat(first.ticket().complete(100)).isFalse();
    RateDecision third = limiter.acquire(List.of(k), 600);
    assertThat(third.allowed()).isTrue();
    assertThat(third.headers().remainingTokens()).isEqualTo(300);
    third.ticket().complete(900); // used more than estimated: 300 more charged
    assertThat(limiter.acquire(List.of(k), 1).headers().remainingTokens()).isZero();
  }

  @Test
  void aRequestLargerThanTheWholeBucketPassesOnlyWhenItIsFull() {
    RateScope k = key(0, 1000, 0);
    assertThat(limiter.acquire(List.of(k), 1500).allowed()).isTrue(); // full: admitted, in debt
    RateDecision d = limiter.acquire(List.of(k), 1);
    assertThat(d.allowed()).isFalse();
    assertThat(d.retryAfterMillis()).isEqualTo(30_060); // 501 tokens at 1000 per 60 s
    clock.advance(Duration.ofSeconds(90)); // back to full
    assertThat(limiter.acquire(List.of(k), 1500).allowed()).isTrue();
  }

  @Test
  void concurrencyIsFreedWhenARequestEnds() {
    RateScope k = key(0, 0, 2);
    RateDecision a = limiter.acquire(List.of(k), 0);
    RateDecision b = limiter.acquire(List.of(k), 0);
    RateDecision c = limiter.acquire(List.of(k), 0);
    assertThat(a.allowed()).isTrue();
    assertThat(b.allowed()).isTrue();
    assertThat(c.allowed()).isFalse();
    assertThat(c.reason()).isEqualTo(RateDecision.Reason.CONCURRENCY);
    assertThat(c.retryAfterMillis()).isEqualTo(1000);
    a.ticket().complete(0);
    a.ticket().complete(0); // twice: frees one slot only
    assertThat(limiter.acquire(List.of(k), 0).allowed()).isTrue();
    assertThat(limiter.acquire(List.of(k), 0).allowed()).isFalse();
  }

  @Test
  void keyAndTeamAreAdmittedTogetherOrNotAtAll() {
    RateScope k = key(10, 0, 0);
    RateScope team = new RateScope("team:t", new RateLimits(1, 0, 0));
    assertThat(limiter.acquire(List.of(k, team), 0).allowed()).isTrue();
    RateDecision d = limiter.acquire(List.of(k, team), 0);
    assertThat(d.allowed()).isFalse();
    assertThat(d.scopeId()).isEqualTo("team:t");
    assertThat(d.retryAfterMillis()).isEqualTo(60_000);
    // the refusal charged nothing to the key: 9 of its 10 are left
    RateDecision alone = limiter.acquire(List.of(k), 0);
    assertThat(alone.headers().remainingRequests()).isEqualTo(8);
    // the headers report the scope with the least left
    assertThat(d.headers().limitRequests()).isEqualTo(1);
  }

  @Test
  void theLongestWaitAmongRefusingLimitsIsReported() {
    RateScope k = new RateScope("key:k", new RateLimits(1, 100, 0));
    limiter.acquire(List.of(k), 100);
    RateDecision d = limiter.acquire(List.of(k), 100);
    assertThat(d.reason()).isEqualTo(RateDecision.Reason.REQUESTS); // both wait 60 s
    assertThat(d.retryAfterMillis()).isEqualTo(60_000);
  }

  @Test
  void aLoweredLimitAppliesFromTheNextRequest() {
    assertThat(limiter.acquire(List.of(key(100, 0, 0)), 0).allowed()).isTrue();
    RateDecision d = limiter.acquire(List.of(key(1, 0, 0)), 0); // one already used this minute
    assertThat(d.allowed()).isFalse();
    assertThat(limiter.acquire(List.of(key(1000, 0, 0)), 0).headers().remainingRequests())
        .isEqualTo(998);
  }

  @Test
  void durationsAreWrittenTheWayOpenAiWritesThem() {
    assertThat(RateLimitHeaders.duration(120)).isEqualTo("120ms");
    assertThat(RateLimitHeaders.duration(1500)).isEqualTo("1.5s");
    assertThat(RateLimitHeaders.duration(360_000)).isEqualTo("6m0s");
    assertThat(RateLimitHeaders.duration(3_723_000)).isEqualTo("1h2m3s");
  }

  @Test
  void priorityHeaderValues() {
    assertThat(Priority.parse(" HIGH ")).contains(Priority.HIGH);
    assertThat(Priority.parse("low")).contains(Priority.LOW);
    assertThat(Priority.parse("urgent")).isEmpty();
  }
}
