package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.admission.Outcome;
import dev.junction.chat.Usage;
import dev.junction.pricing.Cost;
import dev.junction.pricing.CostCalculator;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a finished call's record decides what its budget reservation becomes. */
class EnforcementTest {

  private static CallRecord record(String deployment, int status, String errorCode, Usage usage,
      Cost cost) {
    return record(deployment, deployment == null ? 0 : 1, status, errorCode, usage, cost);
  }

  private static CallRecord record(String deployment, int attempts, int status, String errorCode,
      Usage usage, Cost cost) {
    return new CallRecord("req_1", Instant.EPOCH, "openai", "chat", "m", deployment,
        deployment == null ? null : "simulator", deployment == null ? null : "m", attempts, true,
        status, errorCode == null ? null : "x", errorCode, usage, 10, -1, null, cost, null);
  }

  private static final Usage USAGE = Usage.fromOpenAi(10, 5, 0, 0, 0);
  private static final Cost COST = CostCalculator.cost(Optional.empty(), USAGE);

  @Test
  void knownUsageIsBilledWhateverTheStatus() {
    assertThat(Enforcement.outcome(record("d", 200, null, USAGE, COST)))
        .isInstanceOf(Outcome.Billed.class);
    // a client that hung up mid-stream: the gateway's estimate is billed
    assertThat(Enforcement.outcome(record("d", 499, "client_closed", Usage.estimated(10, 3),
        COST))).isInstanceOf(Outcome.Billed.class);
  }

  @Test
  void nothingSentOrRefusedByTheVendorIsReleased() {
    assertThat(Enforcement.outcome(record(null, 404, "model_not_found", null, null)))
        .isEqualTo(Outcome.NOT_SENT);
    assertThat(Enforcement.outcome(record(null, 499, "client_closed", null, null)))
        .isEqualTo(Outcome.NOT_SENT);
    assertThat(Enforcement.outcome(record("d", 429, "rate_limited", null, null)))
        .isEqualTo(Outcome.NOT_SENT);
    assertThat(Enforcement.outcome(record("d", 400, "bad", null, null)))
        .isEqualTo(Outcome.NOT_SENT);
  }

  @Test
  void sentWithoutUsageIsUnknownAndSettledAtTheWorstCase() {
    assertThat(Enforcement.outcome(record("d", 504, "upstream_timeout", null, null)))
        .isEqualTo(Outcome.UNKNOWN);
    assertThat(Enforcement.outcome(record("d", 502, "upstream_error", null, null)))
        .isEqualTo(Outcome.UNKNOWN);
    assertThat(Enforcement.outcome(record("d", 499, "client_closed", null, null)))
        .isEqualTo(Outcome.UNKNOWN);
    assertThat(Enforcement.outcome(record("d", 200, "stream_broken", null, null)))
        .isEqualTo(Outcome.UNKNOWN);
    // an attempt was sent and the client hung up before it answered: the vendor may bill it,
    // even when the record names no deployment
    assertThat(Enforcement.outcome(record(null, 1, 499, "request_cancelled", null, null)))
        .isEqualTo(Outcome.UNKNOWN);
  }
}
