package dev.junction.provider;

/**
 * A streamed answer whose upstream has accepted the call (status 2xx received) but whose events
 * have not been read yet. Reading starts with {@link #start(StreamSink)}.
 *
 * <p>Backpressure is explicit: {@link #pause()} stops reading from the upstream connection (TCP
 * flow control then slows the vendor), {@link #resume()} reads on. {@link #cancel()} aborts the
 * upstream call at once and frees its connection; after it the sink hears nothing more.
 *
 * <p>All methods must be called on the stream's event loop (the context that completed the
 * future returning this stream).
 */
public interface ChatStream {

  /** Starts delivering to {@code sink}. Called once. */
  void start(StreamSink sink);

  /** Stops delivering until {@link #resume()}. */
  void pause();

  /** Delivers again after {@link #pause()}. */
  void resume();

  /** Aborts the upstream call. Idempotent. */
  void cancel();
}
