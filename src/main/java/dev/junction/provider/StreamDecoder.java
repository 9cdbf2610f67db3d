package dev.junction.provider;

import dev.junction.chat.StreamChunk;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns one vendor's stream events into canonical {@link StreamChunk}s. Stateful (it remembers the
 * message id, open content blocks and usage seen so far); one instance per stream, not
 * thread-safe.
 *
 * <p>Methods throw {@link dev.junction.error.GatewayException} for an error the upstream reported
 * inside the stream, and for a stream that ended before its end marker.
 */
public interface StreamDecoder {

  /** One SSE event (or, for NDJSON upstreams, one line with a null event name). */
  void onEvent(@Nullable String event, byte[] data, Consumer<StreamChunk> out);

  /** The upstream body ended. Emits what is still pending, or throws if the end came early. */
  void onEnd(Consumer<StreamChunk> out);
}
