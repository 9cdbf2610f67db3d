package dev.junction.keys;

import static java.util.Objects.requireNonNull;

import dev.junction.budget.Budget;
import dev.junction.ratelimit.Priority;
import dev.junction.ratelimit.RateLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A virtual key: the credential one app, team or customer presents to the gateway, with what it
 * may do.
 *
 * <ul>
 *   <li>{@code id}: stable public id ({@code key_…}), used in the admin API, ledger and scopes;
 *   <li>{@code hash}: SHA-256 of the secret, the only form in which it is kept (see {@link
 *       KeyHash}); never shown by the admin API;
 *   <li>{@code prefix}: the secret's first characters ({@code jk-AbCdEfG}), to recognise it in
 *       lists;
 *   <li>{@code allowedModels}: patterns (see {@link ModelPattern}); empty = every model;
 *   <li>{@code limits}, {@code budget}: this key's own, in addition to its team's;
 *   <li>{@code defaultPriority}: used when a request has no {@code x-junction-priority};
 *   <li>{@code rotatedAt}: the last rotation; {@code revokedAt}: set once revoked (final).
 * </ul>
 *
 * Immutable.
 */
public record VirtualKey(
    String id,
    String name,
    @Nullable String teamId,
    KeyHash hash,
    String prefix,
    Map<String, String> metadata,
    List<String> allowedModels,
    RateLimits limits,
    @Nullable Budget budget,
    Priority defaultPriority,
    Instant createdAt,
    @Nullable Instant rotatedAt,
    @Nullable Instant revokedAt) {

  public VirtualKey {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(hash, "hash");
    requireNonNull(prefix, "prefix");
    metadata = Map.copyOf(metadata);
    allowedModels = List.copyOf(allowedModels);
    requireNonNull(limits, "limits");
    requireNonNull(defaultPriority, "defaultPriority");
    requireNonNull(createdAt, "createdAt");
  }

  /** The scope id of this key's budget and limits: {@code key:<id>}. */
  public String scope() {
    return "key:" + id;
  }

  /** Not revoked. */
  public boolean active() {
    return revokedAt == null;
  }

  /** This key with the settings of {@code spec}. */
  public VirtualKey with(KeySpec spec) {
    return new VirtualKey(id, spec.name(), spec.teamId(), hash, prefix, spec.metadata(),
        spec.allowedModels(), spec.limits(), spec.budget(), spec.defaultPriority(), createdAt,
        rotatedAt, revokedAt);
  }

  /** This key with a new secret hash. */
  VirtualKey rotated(KeyHash newHash, String newPrefix, Instant at) {
    return new VirtualKey(id, name, teamId, newHash, newPrefix, metadata, allowedModels, limits,
        budget, defaultPriority, createdAt, at, revokedAt);
  }

  /** This key, revoked at {@code at}. */
  VirtualKey revoked(Instant at) {
    return new VirtualKey(id, name, teamId, hash, prefix, metadata, allowedModels, limits, budget,
        defaultPriority, createdAt, rotatedAt, at);
  }
}
