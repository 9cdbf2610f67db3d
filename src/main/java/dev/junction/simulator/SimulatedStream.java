package dev.junction.simulator;

import static java.util.Objects.requireNonNull;

import dev.junction.error.GatewayException;
import dev.junction.provider.ChatStream;
import dev.junction.provider.StreamSink;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jspecify.annotations.Nullable;

/**
 * A simulated stream: plays a {@link Script} into its sink on the event loop it was created on.
 * The first chunk comes {@code first-token} after {@link #start}; then {@code perTick} chunks every
 * {@code tickMillis} (from {@code tokens-per-second}), or, at full speed, bursts of {@value
 * #BURST} chunks per event-loop task so other work interleaves. When the script is played out the
 * sink completes; a dropped stream instead fails with {@code drop} after {@code dropAfter} chunks
 * (or just before its last chunk, whichever is first).
 *
 * <p>Backpressure is real: while paused no chunk (nor completion) is delivered, even from a timer
 * that was already armed; resume picks up at once. Cancel releases the pending timer and the sink
 * hears nothing more. Every method may be called from any thread: off the stream's event loop it
 * hops onto it. State is touched on the event loop only.
 */
final class SimulatedStream implements ChatStream {

  /** Chunks emitted per event-loop task at full speed. */
  static final int BURST = 64;

  private final Vertx vertx;
  private final Context context;
  private final Script script;
  private final long firstTokenMillis;
  private final long tickMillis;
  private final int perTick;
  private final @Nullable GatewayException drop;
  private final int dropAfter;
  private final SimulatorStats stats;

  private @Nullable StreamSink sink;
  private boolean paused;
  private boolean scheduled;
  private boolean over;
  private long timer = -1;
  private int delivered;

  SimulatedStream(Vertx vertx, Context context, Script script, SimulatorConfig config,
      @Nullable GatewayException drop, SimulatorStats stats) {
    this.vertx = vertx;
    this.context = context;
    this.script = script;
    this.firstTokenMillis = config.firstToken().toMillis();
    double tps = config.tokensPerSecond();
    this.tickMillis = tps <= 0 ? 0 : Math.max(1, Math.round(1000 / tps));
    this.perTick = tps <= 0 ? BURST : (int) Math.max(1, Math.round(tps * tickMillis / 1000));
    this.drop = drop;
    this.dropAfter = config.dropAfter();
    this.stats = stats;
  }

  @Override
  public void start(StreamSink newSink) {
    requireNonNull(newSink, "sink");
    Delay.onContext(context, () -> {
      if (sink != null) {
        throw new IllegalStateException("stream already started");
      }
      sink = newSink;
      stats.streamStarted();
      if (!over) {
        schedule(firstTokenMillis);
      }
    });
  }

  @Override
  public void pause() {
    Delay.onContext(context, () -> paused = true);
  }

  @Override
  public void resume() {
    Delay.onContext(context, () -> {
      paused = false;
      if (sink != null && !over && !scheduled) {
        schedule(0);
      }
    });
  }

  @Override
  public void cancel() {
    Delay.onContext(context, () -> {
      if (!over) {
        end();
      }
    });
  }

  private void schedule(long millis) {
    scheduled = true;
    if (millis <= 0) {
      context.runOnContext(v -> tick());
    } else {
      timer = vertx.setTimer(millis, id -> {
        timer = -1;
        tick();
      });
    }
  }

  private void tick() {
    scheduled = false;
    StreamSink s = sink;
    if (over || paused || s == null) {
      return;
    }
    for (int i = 0; ; i++) {
      if (!script.hasNext()) {
        end();
        s.onComplete();
        return;
      }
      if (i == perTick) {
        schedule(tickMillis);
        return;
      }
      if (drop != null && (delivered >= dropAfter || script.remaining() == 1)) {
        end();
        s.onError(drop);
        return;
      }
      delivered++;
      s.onChunk(script.next());
      if (over || paused) {
        return;
      }
    }
  }

  /** The stream is over: timer released, no more deliveries, no longer in flight. */
  private void end() {
    over = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    stats.ended();
  }
}
