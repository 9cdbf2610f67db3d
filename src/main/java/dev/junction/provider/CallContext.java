package dev.junction.provider;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Per-call state shared between the front that received a request and the upstream serving it:
 * the request id and a cancellation signal that runs registered actions once (a client that hangs
 * up cancels the upstream call, and an upstream call that is abandoned, e.g. by a losing hedge,
 * is cancelled the same way).
 *
 * <p>Thread-safe; cancellation actions run on the thread that calls {@link #cancel()}, or at once
 * on the registering thread if the call is already cancelled.
 */
public final class CallContext {

  private final String requestId;
  private @Nullable List<Runnable> onCancel;
  private boolean cancelled;

  private CallContext(String requestId) {
    this.requestId = requestId;
  }

  /** A context for the request with this id. */
  public static CallContext create(String requestId) {
    return new CallContext(requestId);
  }

  public String requestId() {
    return requestId;
  }

  /** Runs {@code action} when the call is cancelled (at once if it already was). */
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        if (onCancel == null) {
          onCancel = new ArrayList<>(2);
        }
        onCancel.add(action);
        return;
      }
    }
    action.run();
  }

  /** Cancels the call; idempotent. */
  public void cancel() {
    List<Runnable> actions;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      actions = onCancel;
      onCancel = null;
    }
    if (actions != null) {
      for (Runnable r : actions) {
        r.run();
      }
    }
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }
}
