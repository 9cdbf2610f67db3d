package dev.junction.ratelimit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link LimitStore} in memory: per scope an RPM and a TPM {@link TokenBucket} and an in-flight
 * count, all behind one lock (each operation is a few arithmetic steps per scope, so one lock
 * costs less than ordered per-scope locking would). A scope whose concurrency limit is reached
 * suggests retrying after one second: nothing tells when a request in flight will end.
 */
final class InMemoryLimitStore implements LimitStore {

  static final long CONCURRENCY_RETRY_MILLIS = 1000;

  private static final class State {
    @Nullable TokenBucket requests;
    @Nullable TokenBucket tokens;
    int inFlight;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, State> states = new HashMap<>();

  @Override
  public Verdict acquire(List<RateScope> scopes, long tokens, long nowMillis) {
    lock.lock();
    try {
      RateDecision.Reason reason = null;
      String deniedBy = null;
      long wait = -1;
      for (RateScope s : scopes) {
        State st = refreshed(s, nowMillis);
        RateLimits l = s.limits();
        if (l.maxConcurrent() > 0 && st.inFlight >= l.maxConcurrent()
            && CONCURRENCY_RETRY_MILLIS > wait) {
          reason = RateDecision.Reason.CONCURRENCY;
          deniedBy = s.id();
          wait = CONCURRENCY_RETRY_MILLIS;
        }
        if (st.requests != null && !st.requests.canTake(1) && st.requests.millisUntil(1) > wait) {
          reason = RateDecision.Reason.REQUESTS;
          deniedBy = s.id();
          wait = st.requests.millisUntil(1);
        }
        if (st.tokens != null && !st.tokens.canTake(tokens)
            && st.tokens.millisUntil(tokens) > wait) {
          reason = RateDecision.Reason.TOKENS;
          deniedBy = s.id();
          wait = st.tokens.millisUntil(tokens);
        }
      }
      if (reason == null) {
        for (RateScope s : scopes) {
          State st = states.get(s.id());
          st.inFlight++;
          if (st.requests != null) {
            st.requests.take(1);
          }
          if (st.tokens != null) {
            st.tokens.take(tokens);
          }
        }
      }
      return new Verdict(reason, deniedBy, Math.max(0, wait), headers(scopes));
    } finally {
      lock.unlock();
    }
  }

  /** The scope's state with its buckets matching its current limits, refilled to now. */
  private State refreshed(RateScope s, long nowMillis) {
    State st = states.computeIfAbsent(s.id(), k -> new State());
    RateLimits l = s.limits();
    st.requests = bucket(st.requests, l.requestsPerMinute(), nowMillis);
    st.tokens = bucket(st.tokens, l.tokensPerMinute(), nowMillis);
    return st;
  }

  private static @Nullable TokenBucket bucket(@Nullable TokenBucket b, long perMinute,
      long nowMillis) {
    if (perMinute == 0) {
      return null;
    }
    if (b == null) {
      return new TokenBucket(perMinute, nowMillis);
    }
    b.refill(perMinute, nowMillis);
    return b;
  }

  private RateLimitHeaders headers(List<RateScope> scopes) {
    long limR = 0, remR = Long.MAX_VALUE, resetR = 0;
    long limT = 0, remT = Long.MAX_VALUE, resetT = 0;
    for (RateScope s : scopes) {
      State st = states.get(s.id());
      if (st.requests != null && st.requests.remaining() < remR) {
        limR = s.limits().requestsPerMinute();
        remR = st.requests.remaining();
        resetR = st.requests.millisUntilFull();
      }
      if (st.tokens != null && st.tokens.remaining() < remT) {
        limT = s.limits().tokensPerMinute();
        remT = st.tokens.remaining();
        resetT = st.tokens.millisUntilFull();
      }
    }
    return new RateLimitHeaders(limR, limR == 0 ? 0 : remR, resetR, limT, limT == 0 ? 0 : remT,
        resetT);
  }

  @Override
  public void adjust(List<RateScope> scopes, long tokenDelta, long nowMillis) {
    lock.lock();
    try {
      for (RateScope s : scopes) {
        State st = refreshed(s, nowMillis);
        if (st.tokens != null) {
          if (tokenDelta >= 0) {
            st.tokens.take(tokenDelta);
          } else {
            st.tokens.giveBack(-tokenDelta);
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void release(List<RateScope> scopes) {
    lock.lock();
    try {
      for (RateScope s : scopes) {
        State st = states.get(s.id());
        if (st != null && st.inFlight > 0) {
          st.inFlight--;
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
