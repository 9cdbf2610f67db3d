package dev.junction.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenAI-style {@code x-ratelimit-*} values of the most constrained scope for requests and
 * for tokens: {@code limit} per minute, {@code remaining} now, and {@code reset}, the time until
 * the bucket is full again. A limit of 0 means none applies and its three headers are left out.
 * Immutable.
 */
public record RateLimitHeaders(
    long limitRequests,
    long remainingRequests,
    long resetRequestsMillis,
    long limitTokens,
    long remainingTokens,
    long resetTokensMillis) {

  /** No limits: no headers. */
  public static final RateLimitHeaders NONE = new RateLimitHeaders(0, 0, 0, 0, 0, 0);

  /** The headers, lower-case names in a stable order. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    if (limitRequests > 0) {
      m.put("x-ratelimit-limit-requests", Long.toString(limitRequests));
      m.put("x-ratelimit-remaining-requests", Long.toString(remainingRequests));
      m.put("x-ratelimit-reset-requests", duration(resetRequestsMillis));
    }
    if (limitTokens > 0) {
      m.put("x-ratelimit-limit-tokens", Long.toString(limitTokens));
      m.put("x-ratelimit-remaining-tokens", Long.toString(remainingTokens));
      m.put("x-ratelimit-reset-tokens", duration(resetTokensMillis));
    }
    return m;
  }

  /**
   * A duration the way OpenAI writes it: {@code 120ms}, {@code 1.5s}, {@code 6m0s}, {@code
   * 1h2m3s}.
   */
  public static String duration(long millis) {
    if (millis < 1000) {
      return Math.max(0, millis) + "ms";
    }
    long h = millis / 3_600_000;
    long m = millis / 60_000 % 60;
    long ms = millis % 60_000;
    String s = java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
    if (h > 0) {
      return h + "h" + m + "m" + s;
    }
    return m > 0 ? m + "m" + s : s;
  }
}
