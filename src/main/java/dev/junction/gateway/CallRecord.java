package dev.junction.gateway;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.Usage;
import dev.junction.pricing.Cost;
import dev.junction.routing.Fallback;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one client request, success or failure: the facts the ledger stores and the
 * metrics count. One record per client request, whatever the number of upstream attempts.
 *
 * <ul>
 *   <li>{@code front}: {@code openai} or {@code anthropic}; {@code endpoint}: {@code chat}
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
    boolean hedged) {

  /** A record without routing detail (no fallback, no hedge). */
  public CallRecord(String requestId, Instant startedAt, String front, String endpoint,
      String requestedModel, @Nullable String deploymentId, @Nullable String provider,
      @Nullable String upstreamModel, int attempts, boolean stream, int status,
      @Nullable String errorType, @Nullable String errorCode, @Nullable Usage usage,
      long latencyMillis, long ttftMillis, @Nullable String tag, @Nullable Cost cost,
      @Nullable String promptHash) {
    this(requestId, startedAt, front, endpoint, requestedModel, deploymentId, provider,
        upstreamModel, attempts, stream, status, errorType, errorCode, usage, latencyMillis,
        ttftMillis, tag, cost, promptHash, null, false);
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
        latencyMillis, ttftMillis, tag, newCost, promptHash, fallback, hedged);
  }
}
