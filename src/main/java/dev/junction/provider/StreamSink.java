package dev.junction.provider;

import dev.junction.chat.StreamChunk;
import dev.junction.error.GatewayException;

/**
 * Receives a {@link ChatStream}'s chunks. Exactly one of {@link #onComplete()} and {@link
 * #onError(GatewayException)} ends the stream, unless it was cancelled, after which nothing more
 * is delivered. Called on the stream's event-loop thread; implementations must not block.
 */
public interface StreamSink {

  /** The next chunk. */
  void onChunk(StreamChunk chunk);

  /** The upstream finished the stream normally. */
  void onComplete();

  /** The stream failed (an upstream error event, a dropped connection, a timeout). */
  void onError(GatewayException error);
}
