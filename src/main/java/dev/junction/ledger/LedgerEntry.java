package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.Usage;
import dev.junction.gateway.CallRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * One row of the cost ledger: who called what, what served it, how it went, the tokens by kind
 * and what they cost. One entry per client request ({@link CallRecord}), whatever the number of
 * upstream attempts.
 *
 * <ul>
 *   <li>{@code time}: when the request started, kept to the millisecond (finer is truncated);
 *   <li>{@code keyId}: the client key's public id or hash (never the key itself), {@code team} its
 *       team, {@code tag} the client's feature tag; each null when unknown;
 *   <li>{@code deploymentId}, {@code provider}, {@code upstreamModel}: what served the request,
 *       null when nothing did;
 *   <li>{@code status}: the HTTP status the client got; {@code errorType}/{@code errorCode}: null on
 *       success (a stream that failed after a 200 has {@code errorCode} set);
 *   <li>{@code tokens}: usage by kind ({@link Usage#ZERO} when unknown); {@code tokens.estimated()}
 *       when the gateway counted them;
 *   <li>{@code cost}: what the tokens cost, by kind, in the deployment's currency; {@code unpriced}
 *       when no price was known (the cost is then zero and must not be read as "free");
 *   <li>{@code reserved}/{@code settled}: the budget amounts held before and charged after the call
 *       (same currency as {@code cost}, {@value Spend#SCALE} digits), null when no budget applied;
 *   <li>{@code latencyMillis}: request received to last byte sent; {@code ttftMillis}: to the first
 *       token written, or -1;
 *   <li>{@code cacheHit}: the answer came from the gateway's own response cache (no upstream call;
 *       prompt-cache reads of a vendor are in {@code tokens.cacheRead()});
 *   <li>{@code promptHash}: the prompt's fingerprint (a hash of the model and messages, never the
 *       text), which {@link SpendHints} uses to count repeated prompts; null when unknown.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public record LedgerEntry(
    String requestId,
    Instant time,
    @Nullable String keyId,
    @Nullable String team,
    @Nullable String tag,
    String front,
    String endpoint,
    String requestedModel,
    @Nullable String deploymentId,
    @Nullable String provider,
    @Nullable String upstreamModel,
    int attempts,
    boolean stream,
    int status,
    @Nullable String errorType,
    @Nullable String errorCode,
    Usage tokens,
    Spend cost,
    boolean unpriced,
    @Nullable BigDecimal reserved,
    @Nullable BigDecimal settled,
    long latencyMillis,
    long ttftMillis,
    boolean cacheHit,
    @Nullable String promptHash) {

  public LedgerEntry {
    requireNonNull(requestId, "requestId");
    time = requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
    requireNonNull(front, "front");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(requestedModel, "requestedModel");
    requireNonNull(tokens, "tokens");
    requireNonNull(cost, "cost");
    reserved = reserved == null ? null : Spend.exact(reserved, "reserved");
    settled = settled == null ? null : Spend.exact(settled, "settled");
  }

  /**
   * The entry for a finished call: the call's facts plus who made it and what it cost.
   *
   * @param keyId the client key's public id or hash, never the key
   * @param cost what the call's tokens cost; {@link Spend#zero} with {@code unpriced} when no
   *     price is known
   */
  public static LedgerEntry of(CallRecord call, @Nullable String keyId, @Nullable String team,
      Spend cost, boolean unpriced) {
    requireNonNull(call, "call");
    Usage usage = call.usage();
    return new LedgerEntry(call.requestId(), call.startedAt(), keyId, team, call.tag(),
        call.front(), call.endpoint(), call.requestedModel(), call.deploymentId(),
        call.provider(), call.upstreamModel(), call.attempts(), call.stream(), call.status(),
        call.errorType(), call.errorCode(), usage == null ? Usage.ZERO : usage, cost, unpriced,
        null, null, call.latencyMillis(), call.ttftMillis(), false, call.promptHash());
  }

  /** This entry with the budget amounts held and charged. */
  public LedgerEntry withBudget(@Nullable BigDecimal reserved, @Nullable BigDecimal settled) {
    return new LedgerEntry(requestId, time, keyId, team, tag, front, endpoint, requestedModel,
        deploymentId, provider, upstreamModel, attempts, stream, status, errorType, errorCode,
        tokens, cost, unpriced, reserved, settled, latencyMillis, ttftMillis, cacheHit,
        promptHash);
  }

  /** This entry marked as answered from the gateway's response cache. */
  public LedgerEntry asCacheHit() {
    return new LedgerEntry(requestId, time, keyId, team, tag, front, endpoint, requestedModel,
        deploymentId, provider, upstreamModel, attempts, stream, status, errorType, errorCode,
        tokens, cost, unpriced, reserved, settled, latencyMillis, ttftMillis, true, promptHash);
  }

  /**
   * The model reports group by: the upstream model that served the request, or the requested
   * model when nothing did.
   */
  public String model() {
    return upstreamModel != null ? upstreamModel : requestedModel;
  }

  /** Whether the client saw an error: a status of 400 or more, or a failed stream. */
  public boolean isError() {
    return status >= 400 || errorCode != null;
  }
}
