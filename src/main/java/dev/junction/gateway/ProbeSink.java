package dev.junction.gateway;

import dev.junction.config.ModelConfig;
import dev.junction.error.GatewayException;
import dev.junction.metrics.Metrics;
import dev.junction.routing.HealthProbes;

/**
 * Puts every active health probe ({@link HealthProbes}) where spend and traffic are reported:
 * {@code junction_probes_total} in the metrics, and a {@link CallRecord} with front {@value
 * #FRONT} and tag {@value #TAG} for the ledger (priced like any call: probes cost money). Never
 * blocks; thread-safe.
 */
final class ProbeSink implements HealthProbes.Listener {

  /** The {@code front} of a probe's call record. */
  static final String FRONT = "probe";
  /** The {@code tag} of a probe's call record, so spend reports by tag show probes apart. */
  static final String TAG = "junction-probe";

  private final Metrics metrics;
  private final CallListener calls;

  ProbeSink(Metrics metrics, CallListener calls) {
    this.metrics = metrics;
    this.calls = calls;
  }

  @Override
  public void onProbe(HealthProbes.Result r) {
    metrics.onProbe(r.upstream().deployment().id(), r.outcome().label());
    calls.onCall(record(r));
  }

  /** The call record of probe {@code r}. */
  static CallRecord record(HealthProbes.Result r) {
    GatewayException e = r.error();
    var d = r.upstream().deployment();
    return new CallRecord(r.requestId(), r.startedAt(), FRONT,
        r.kind() == ModelConfig.Kind.EMBEDDING ? "embeddings" : "chat", r.model(), d.id(),
        d.provider(), d.model(), 1, false, e == null ? 200 : e.status(),
        e == null ? null : e.kind().openAiType(), e == null ? null : e.code(), r.usage(),
        r.latencyMillis(), -1, TAG, null, null);
  }
}
