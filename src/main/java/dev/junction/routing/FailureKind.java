package dev.junction.routing;

import dev.junction.error.GatewayException;

/**
 * What a failed call says about the deployment that served it. One place decides this for the
 * breaker, the cooldown and the retry policy.
 */
enum FailureKind {

  /** 429: the deployment is busy; cool it down for the vendor's wait, not a failure. */
  RATE_LIMITED,
  /**
   * The deployment's credentials were refused (its 401/403): a failure, and retrying the same
   * deployment cannot help.
   */
  CREDENTIALS,
  /** Connection errors, timeouts, 408, 409, 5xx, 529: the deployment failed. */
  DEPLOYMENT,
  /**
   * The request's own fault (other 4xx) or the gateway's: the deployment answered properly, so
   * this counts as a success for its health and is not retried.
   */
  REQUEST;

  static FailureKind of(GatewayException e) {
    if (e.upstreamStatus() == 429) {
      return RATE_LIMITED;
    }
    if ("upstream_auth_error".equals(e.code())) {
      return CREDENTIALS;
    }
    return e.retryable() ? DEPLOYMENT : REQUEST;
  }
}
