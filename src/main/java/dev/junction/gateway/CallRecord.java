package dev.junction.gateway;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.Usage;
import dev.junction.pricing.Cost;
import dev.junction.routing.Fallback;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one client request, success or failure: the facts the ledger stores and the
 * metrics count. One record per client request, whatever the number of upstream attempts.
 *
 * <ul>
 *   <li>{@code front}: {@code openai} or {@code anthropic}, or {@code probe} for an active health
 *       probe (tag {@code junction-probe}, see {@code ProbeSink}); {@code endpoint}: {@code chat}
 *       (chat completions and Anthropic messages alike), {@code embeddings} or {@code
 *       count_tokens};
 *   <li>{@code requestedModel}: what the client asked for; {@code deploymentId}, {@code provider},
 *       {@code upstreamModel}: what served it (null when nothing did);
 *   <li>{@code status}: the HTTP status the client got (200 for a stream that later failed is
 *       reported with {@code errorCode} set); {@code errorType}/{@code errorCode}: null on success;
 *   <li>{@code usage}: null when unknown; estimated when the gateway counted it;
 *   <li>{@code latencyMillis}: request received to last byte sent; {@code ttftMillis}: to the first
 *       token written (streams), or -1;
 *   <li>{@code tag}: the client's {@code x-junction-tag} (feature tag), or null;
 *   <li>{@code cost}: the call's cost from the price catalogue (flagged unpriced when the model
 *       has no price), or null when there was no usage to price;
 *   <li>{@code principal}: the virtual key and team that made the call and the budget amounts
 *       held and settled for it ({@link Principal}), or null (no key: development mode, master
 *       key, or a request refused before admission);
 *   <li>{@code promptHash}: a fingerprint of the prompt (32 hex digits of a SHA-256 over the model
 *       and the messages' text; the text itself is never kept), or null when none was computed;
 *   <li>{@code fallback}: the fallback model taken and why, or null; {@code hedged}: whether a
 *       hedge was sent (both as in the {@code x-junction-*} headers; not stored by the ledger).
 * </ul>
 */
public record CallRecord(
    String requestId,
    Instant startedAt,
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
    @Nullable Usage usage,
    long latencyMillis,
    long ttftMillis,
    @Nullable String tag,
    @Nullable Cost cost,
    @Nullable String promptHash,
    @Nullable Fallback fallback,
    boolean hedged,
    @Nullable Principal principal) {

  /**
   * Who made a call and what its budget did: {@code keyId} and {@code teamId} (public ids, never
   * a secret; null when none), {@code reserved} the worst case held before the call and {@code
   * settled} what was charged after it (zero when the hold was released), both exact and in the
   * price currency, null when no budget applied.
   */
  public record Principal(@Nullable String keyId, @Nullable String teamId,
      @Nullable BigDecimal reserved, @Nullable BigDecimal settled) {}

  /** A record without routing detail (no fallback, no hedge) and without a principal. */
  public CallRecord(String requestId, Instant startedAt, String front, String endpoint,
      String requestedModel, @Nullable String deploymentId, @Nullable String provider,
      @Nullable String upstreamModel, int attempts, boolean stream, int status,
      @Nullable String errorType, @Nullable String errorCode, @Nullable Usage usage,
      long latencyMillis, long ttftMillis, @Nullable String tag, @Nullable Cost cost,
      @Nullable String promptHash) {
    this(requestId, startedAt, front, endpoint, requestedModel, deploymentId, provider,
        upstreamModel, attempts, stream, status, errorType, errorCode, usage, latencyMillis,
        ttftMillis, tag, cost, promptHash, null, false, null);
  }

  public CallRecord {
    requireNonNull(requestId, "requestId");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(front, "front");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(requestedModel, "requestedModel");
  }

  /** This record with its cost set. */
  public CallRecord withCost(@Nullable Cost newCost) {
    return new CallRecord(requestId, startedAt, front, endpoint, requestedModel, deploymentId,
        provider, upstreamModel, attempts, stream, status, errorType, errorCode, usage,
        latencyMillis, ttftMillis, tag, newCost, promptHash, fallback, hedged, principal);
  }

  /** This record with its principal set. */
  public CallRecord withPrincipal(@Nullable Principal p) {
    return new CallRecord(requestId, startedAt, front, endpoint, requestedModel, deploymentId,
        provider, upstreamModel, attempts, stream, status, errorType, errorCode, usage,
        latencyMillis, ttftMillis, tag, cost, promptHash, fallback, hedged, p);
  }
}
