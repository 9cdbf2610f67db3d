package dev.junction.ratelimit;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link RateLimiter#acquire}: allowed (with a {@link RateTicket} to complete when
 * the request ends) or denied, with the limit that denied it ({@code scopeId}, {@code reason}),
 * how long to wait before trying again ({@code retryAfterMillis}) and the {@code x-ratelimit-*}
 * values either way. Immutable.
 */
public record RateDecision(
    @Nullable RateTicket ticket,
    @Nullable Reason reason,
    @Nullable String scopeId,
    long retryAfterMillis,
    RateLimitHeaders headers) {

  /** Which limit denied a request. */
  public enum Reason {
    /** Requests per minute. */
    REQUESTS,
    /** Tokens per minute. */
    TOKENS,
    /** Requests in flight. */
    CONCURRENCY
  }

  public RateDecision {
    requireNonNull(headers, "headers");
    if ((ticket == null) == (reason == null)) {
      throw new IllegalArgumentException("exactly one of ticket and reason must be set");
    }
  }

  /** True when the request may proceed. */
  public boolean allowed() {
    return ticket != null;
  }
}
