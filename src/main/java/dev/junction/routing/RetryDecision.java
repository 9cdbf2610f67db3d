package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** What {@link RetryPolicy} decided after a failed attempt. */
public sealed interface RetryDecision {

  /**
   * Try again after {@code delay}: on another deployment when {@code otherDeployment} (then at
   * once), else on the same one after a backoff or the vendor's wait.
   */
  record Retry(Duration delay, boolean otherDeployment) implements RetryDecision {
    public Retry {
      requireNonNull(delay, "delay");
    }
  }

  /** Give up on this model for {@code reason}. */
  record Stop(Reason reason) implements RetryDecision {
    public Stop {
      requireNonNull(reason, "reason");
    }
  }

  /** Why retrying stopped. */
  enum Reason {
    /** The error is the request's fault (or the gateway's): no attempt anywhere can help. */
    NOT_RETRYABLE(false),
    /** Bytes of the stream have reached the client: a retry would replay them. */
    STREAM_STARTED(false),
    /** The model's attempts are used up. */
    ATTEMPTS_EXHAUSTED(true),
    /** The only deployment refused the gateway's credentials: retrying it cannot help. */
    NO_OTHER_DEPLOYMENT(true),
    /** The wait the vendor asked for is longer than {@code retry.max-wait}. */
    WAIT_TOO_LONG(true),
    /** The next attempt could not start before the request's deadline. */
    DEADLINE(false);

    private final boolean fallback;

    Reason(boolean fallback) {
      this.fallback = fallback;
    }

    /** Whether the model's fallbacks should be tried now. */
    public boolean takesFallback() {
      return fallback;
    }
  }
}
