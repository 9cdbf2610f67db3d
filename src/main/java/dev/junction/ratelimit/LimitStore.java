package dev.junction.ratelimit;

import java.util.List;

/**
 * Where rate-limit state lives. Every operation is atomic across the scopes it is given: a
 * request is admitted against all of them (key, team, ...) or none. The in-memory store serves
 * one process; a shared store (Redis, a later issue) implements the same contract with a script
 * per operation so several replicas enforce one limit.
 *
 * <p>Semantics, which every implementation keeps: RPM and TPM are token buckets of one minute's
 * allowance that refill continuously ({@link #inMemory()} documents the arithmetic); a request is
 * admitted when every bucket can pay for it (a request larger than a whole bucket is admitted
 * when that bucket is full and leaves it in debt); the concurrency count goes up on admission and
 * down on {@link #release}. Implementations are thread-safe.
 */
public interface LimitStore {

  /** A store in this process's memory (state is lost at restart, which only forgives). */
  static LimitStore inMemory() {
    return new InMemoryLimitStore();
  }

  /**
   * Admits one request of {@code tokens} estimated tokens against every scope at {@code
   * nowMillis}, or none. Denied answers carry the longest wait among the limits that refused.
   * Allowed answers carry no ticket (the {@link RateLimiter} adds it).
   */
  Verdict acquire(List<RateScope> scopes, long tokens, long nowMillis);

  /** Charges {@code tokenDelta} more tokens (negative: a refund) to every scope's TPM bucket. */
  void adjust(List<RateScope> scopes, long tokenDelta, long nowMillis);

  /** Frees the request's concurrency slot in every scope. */
  void release(List<RateScope> scopes);

  /** A store's answer: {@code reason} null when admitted. */
  record Verdict(
      RateDecision.@org.jspecify.annotations.Nullable Reason reason,
      @org.jspecify.annotations.Nullable String scopeId,
      long retryAfterMillis,
      RateLimitHeaders headers) {}
}
