/**
 * Rate limits per virtual key and team (requests and tokens per minute, requests in flight) and
 * upstream pacing per deployment.
 *
 * <p>{@link dev.junction.ratelimit.RateLimiter} admits a request against every scope at once on a
 * {@link dev.junction.ratelimit.LimitStore} (in memory now; Redis later) and returns the OpenAI
 * style {@link dev.junction.ratelimit.RateLimitHeaders}. {@link dev.junction.ratelimit.Pacer}
 * keeps calls to a deployment under the vendor's own RPM/TPM, spreading them across the
 * deployment's lanes (API keys) and queueing by {@link dev.junction.ratelimit.Priority} when all
 * are at their limit.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.of(LimitStore.inMemory(), InstantSource.system());
 * RateDecision d = limiter.acquire(List.of(new RateScope("key:k1", keyLimits)), 1200);
 * if (d.allowed()) { ...; d.ticket().complete(actualTokens); }
 * else { status 429, "retry-after", d.headers().toMap() }
 * }</pre>
 */
@NullMarked
package dev.junction.ratelimit;

import org.jspecify.annotations.NullMarked;
