package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.error.GatewayException;
import dev.junction.provider.UpstreamErrors;
import dev.junction.testing.Fixtures;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  /** 4 attempts, backoff 100ms..1s, deadline 60s, longest wait 30s. */
  private final RetryPolicy policy = RetryPolicy.create(new RoutingConfig.Retry(4,
      Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60),
      Duration.ofSeconds(30)), new SplittableRandom(99));

  private static final GatewayException E503 =
      GatewayException.upstream(503, null, "unavailable", -1);

  private static RetryDecision.Stop stop(RetryDecision.Reason r) {
    return new RetryDecision.Stop(r);
  }

  @Test
  void retriesOnConnectErrorsTimeoutsAndTheRetryableStatuses() {
    for (GatewayException e : new GatewayException[] {
        GatewayException.connection("refused", null), GatewayException.timeout("first token"),
        GatewayException.upstream(408, null, "m", -1),
        GatewayException.upstream(409, null, "m", -1),
        GatewayException.upstream(429, null, "m", -1),
        GatewayException.upstream(500, null, "m", -1),
        GatewayException.upstream(502, null, "m", -1), E503,
        GatewayException.upstream(504, null, "m", -1),
        GatewayException.upstream(529, "overloaded_error", "Overloaded", -1)}) {
      assertThat(policy.decide(e, 1, Duration.ZERO, false, true))
          .as("%s", e.getMessage()).isEqualTo(new RetryDecision.Retry(Duration.ZERO, true));
    }
  }

  @Test
  void neverRetriesTheRequestsOwnErrors() {
    for (int status : new int[] {400, 404, 413, 422}) {
      assertThat(policy.decide(GatewayException.upstream(status, null, "m", -1), 1, Duration.ZERO,
          false, true)).isEqualTo(stop(RetryDecision.Reason.NOT_RETRYABLE));
    }
    assertThat(policy.decide(GatewayException.internal("bug", null), 1, Duration.ZERO, false,
        true)).isEqualTo(stop(RetryDecision.Reason.NOT_RETRYABLE));
  }

  @Test
  void neverRetriesOnceTheStreamReachedTheClient() {
    assertThat(policy.decide(E503, 1, Duration.ZERO, true, true))
        .isEqualTo(stop(RetryDecision.Reason.STREAM_STARTED));
  }

  @Test
  void stopsAfterMaxAttemptsAndTakesTheFallbacks() {
    assertThat(policy.decide(E503, 3, Duration.ZERO, false, false))
        .isInstanceOf(RetryDecision.Retry.class);
    RetryDecision d = policy.decide(E503, 4, Duration.ZERO, false, true);
    assertThat(d).isEqualTo(stop(RetryDecision.Reason.ATTEMPTS_EXHAUSTED));
    assertThat(((RetryDecision.Stop) d).reason().takesFallback()).isTrue();
  }

  @Test
  void anotherDeploymentIsTriedAtOnceTheSameOneAfterABackoff() {
    assertThat(policy.decide(E503, 1, Duration.ZERO, false, true))
        .isEqualTo(new RetryDecision.Retry(Duration.ZERO, true));
    for (int attempt = 1; attempt <= 3; attempt++) {
      long ceiling = Math.min(1_000, 100L << (attempt - 1));
      for (int i = 0; i < 200; i++) {
        RetryDecision.Retry r =
            (RetryDecision.Retry) policy.decide(E503, attempt, Duration.ZERO, false, false);
        assertThat(r.otherDeployment()).isFalse();
        assertThat(r.delay().toMillis()).isBetween(0L, ceiling);
      }
    }
  }

  @Test
  void theVendorsWaitTakesPrecedenceOverTheBackoff() {
    GatewayException e = GatewayException.upstream(429, null, "slow down", 2_500);
    assertThat(policy.decide(e, 1, Duration.ZERO, false, false))
        .isEqualTo(new RetryDecision.Retry(Duration.ofMillis(2_500), false));
  }

  @Test
  void retryAfterMsFromTheHeadersIsHonouredExactly() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("retry-after-ms", "1234").add("retry-after", "9");
    GatewayException e = UpstreamErrors.decode(429, headers,
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(policy.decide(e, 1, Duration.ZERO, false, false))
        .isEqualTo(new RetryDecision.Retry(Duration.ofMillis(1_234), false));
  }

  @Test
  void anOpenAiResetHeaderIsHonoured() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("x-ratelimit-reset-requests", "1.5s").add("x-ratelimit-reset-tokens", "6m0s");
    GatewayException e = UpstreamErrors.decode(429, headers, new byte[0]);
    assertThat(policy.decide(e, 1, Duration.ZERO, false, false))
        .isEqualTo(new RetryDecision.Retry(Duration.ofMillis(1_500), false));
  }

  @Test
  void aWaitLongerThanMaxWaitStopsAndTakesTheFallbacks() {
    byte[] body = Fixtures.bytes("gemini/error-429-quota-retry-info.json"); // retryDelay 34.4s
    GatewayException e = UpstreamErrors.decode(429, MultiMap.caseInsensitiveMultiMap(), body);
    assertThat(e.retryAfterMillis()).isEqualTo(34_400);
    assertThat(policy.decide(e, 1, Duration.ZERO, false, false))
        .isEqualTo(stop(RetryDecision.Reason.WAIT_TOO_LONG));
    assertThat(policy.decide(e, 1, Duration.ZERO, false, true))
        .as("another deployment needs no wait")
        .isEqualTo(new RetryDecision.Retry(Duration.ZERO, true));
  }

  @Test
  void noRetryStartsAfterTheDeadline() {
    GatewayException e = GatewayException.upstream(429, null, "slow", 5_000);
    assertThat(policy.decide(e, 1, Duration.ofMillis(54_999), false, false))
        .isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(5), false));
    assertThat(policy.decide(e, 1, Duration.ofSeconds(55), false, false))
        .isEqualTo(stop(RetryDecision.Reason.DEADLINE));
    assertThat(policy.decide(E503, 1, Duration.ofSeconds(60), false, true))
        .isEqualTo(stop(RetryDecision.Reason.DEADLINE));
    assertThat(RetryDecision.Reason.DEADLINE.takesFallback()).isFalse();
    assertThat(policy.remaining(Duration.ofSeconds(45))).isEqualTo(Duration.ofSeconds(15));
    assertThat(policy.remaining(Duration.ofSeconds(75))).isEqualTo(Duration.ZERO);
  }

  @Test
  void refusedCredentialsAreRetriedOnlyElsewhere() {
    GatewayException auth = GatewayException.upstreamAuth(401, "", "invalid x-api-key");
    assertThat(policy.decide(auth, 1, Duration.ZERO, false, true))
        .isEqualTo(new RetryDecision.Retry(Duration.ZERO, true));
    assertThat(policy.decide(auth, 1, Duration.ZERO, false, false))
        .isEqualTo(stop(RetryDecision.Reason.NO_OTHER_DEPLOYMENT));
  }
}
