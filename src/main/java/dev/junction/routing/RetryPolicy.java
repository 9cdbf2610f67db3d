package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.error.GatewayException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Decides whether a failed attempt is tried again, where, and after how long. Rules, in order:
 *
 * <ol>
 *   <li>once bytes of a stream reached the client: never ({@link
 *       RetryDecision.Reason#STREAM_STARTED});
 *   <li>errors that are not {@link GatewayException#retryable()} (the request's own 4xx, the
 *       gateway's failures): never. Retryable are connection errors, timeouts, 408, 409, 429,
 *       5xx, Anthropic's 529 and a deployment's refused credentials;
 *   <li>after {@code retry.max-attempts} attempts of the model: stop (the fallbacks come next);
 *   <li>when another deployment of the model is available: retry there at once;
 *   <li>refused credentials with no other deployment: stop;
 *   <li>else on the same deployment after the vendor's wait ({@code Retry-After}, {@code
 *       retry-after-ms}, {@code x-ratelimit-reset-*}, Gemini's {@code RetryInfo}: {@link
 *       GatewayException#retryAfterMillis()}), which takes precedence over the full-jitter
 *       {@link Backoff}; a vendor's wait above {@code retry.max-wait} stops;
 *   <li>a retry that could not start before the deadline stops.
 * </ol>
 *
 * <p>Stateless apart from the random source; thread-safe if it is.
 */
public final class RetryPolicy {

  private final RoutingConfig.Retry config;
  private final Backoff backoff;

  private RetryPolicy(RoutingConfig.Retry config, Backoff backoff) {
    this.config = config;
    this.backoff = backoff;
  }

  /** The policy of {@code config}, drawing jitter from {@code random}. */
  public static RetryPolicy create(RoutingConfig.Retry config, RandomGenerator random) {
    requireNonNull(config, "config");
    return new RetryPolicy(config,
        Backoff.fullJitter(config.base(), config.cap(), requireNonNull(random, "random")));
  }

  /** The retry settings. */
  public RoutingConfig.Retry config() {
    return config;
  }

  /** The time left before the request's deadline, given the time it has run. */
  public Duration remaining(Duration elapsed) {
    Duration left = config.deadline().minus(elapsed);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * The decision after attempt number {@code attemptsMade} (1 for the first) failed with {@code
   * error}, {@code elapsed} after the request arrived.
   *
   * @param streamStarted whether bytes of the answer already reached the client
   * @param otherDeployment whether another deployment of the model would admit a call now
   */
  public RetryDecision decide(GatewayException error, int attemptsMade, Duration elapsed,
      boolean streamStarted, boolean otherDeployment) {
    requireNonNull(error, "error");
    requireNonNull(elapsed, "elapsed");
    if (streamStarted) {
      return new RetryDecision.Stop(RetryDecision.Reason.STREAM_STARTED);
    }
    if (!error.retryable()) {
      return new RetryDecision.Stop(RetryDecision.Reason.NOT_RETRYABLE);
    }
    if (attemptsMade >= config.maxAttempts()) {
      return new RetryDecision.Stop(RetryDecision.Reason.ATTEMPTS_EXHAUSTED);
    }
    if (elapsed.compareTo(config.deadline()) >= 0) {
      return new RetryDecision.Stop(RetryDecision.Reason.DEADLINE);
    }
    if (otherDeployment) {
      return new RetryDecision.Retry(Duration.ZERO, true);
    }
    if (FailureKind.of(error) == FailureKind.CREDENTIALS) {
      return new RetryDecision.Stop(RetryDecision.Reason.NO_OTHER_DEPLOYMENT);
    }
    Duration wait;
    if (error.retryAfterMillis() >= 0) {
      wait = Duration.ofMillis(error.retryAfterMillis());
      if (wait.compareTo(config.maxWait()) > 0) {
        return new RetryDecision.Stop(RetryDecision.Reason.WAIT_TOO_LONG);
      }
    } else {
      wait = backoff.delay(attemptsMade - 1);
    }
    if (elapsed.plus(wait).compareTo(config.deadline()) >= 0) {
      return new RetryDecision.Stop(RetryDecision.Reason.DEADLINE);
    }
    return new RetryDecision.Retry(wait, false);
  }
}
