package dev.junction.simulator;

import dev.junction.provider.CallContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A call waiting on a timer of its event loop: it either fires once, or is cancelled once through
 * the call's {@link CallContext}, whichever comes first; a cancelled timer is released at once.
 * The timer, the cancellation and both actions run on {@code context}.
 */
final class Delay {

  private final Vertx vertx;
  private final Context context;
  private final Runnable fire;
  private final Runnable cancelled;
  private long timer = -1;
  private boolean over;

  private Delay(Vertx vertx, Context context, Runnable fire, Runnable cancelled) {
    this.vertx = vertx;
    this.context = context;
    this.fire = fire;
    this.cancelled = cancelled;
  }

  /** Runs {@code fire} after {@code millis} (> 0), or {@code cancelled} if {@code ctx} is first. */
  static void start(Vertx vertx, Context context, long millis, CallContext ctx, Runnable fire,
      Runnable cancelled) {
    Delay delay = new Delay(vertx, context, fire, cancelled);
    onContext(context, () -> {
      delay.timer = vertx.setTimer(Math.max(1, millis), id -> delay.fire());
      ctx.onCancel(() -> onContext(context, delay::cancel));
    });
  }

  /** Runs {@code action} on {@code context}: at once when already there, else as its next task. */
  static void onContext(Context context, Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private void fire() {
    if (!over) {
      over = true;
      timer = -1;
      fire.run();
    }
  }

  private void cancel() {
    if (!over) {
      over = true;
      vertx.cancelTimer(timer);
      timer = -1;
      cancelled.run();
    }
  }

  @Override
  public String toString() {
    return "Delay[" + (over ? "over" : "pending") + " on " + context + "]";
  }
}
