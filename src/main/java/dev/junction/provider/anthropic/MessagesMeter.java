package dev.junction.provider.anthropic;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * Watches a Messages event stream that is relayed to an Anthropic client untouched (pass-through):
 * each event also goes through the same decoder a translated stream uses, so the usage it reports
 * (cache reads and writes included), an in-stream {@code error} event and a body that ends before
 * {@code message_stop} are seen exactly as they would be there. The decoded chunks themselves are
 * dropped: the client gets the upstream's bytes.
 *
 * <pre>{@code
 * MessagesMeter meter = MessagesMeter.create(model, clock);
 * // for each relayed event:
 * GatewayException failed = meter.onEvent(name, data);   // null unless it reported an error
 * // at the end of the body:
 * GatewayException cut = meter.onEnd();                  // non-null if message_stop never came
 * Usage usage = meter.usage();
 * }</pre>
 *
 * <p>Not thread-safe: one instance per stream, fed from the stream's thread.
 */
public final class MessagesMeter {

  private final MessagesStreamDecoder decoder;
  private @Nullable GatewayException error;
  private boolean started;

  private MessagesMeter(MessagesStreamDecoder decoder) {
    this.decoder = decoder;
  }

  /** A meter for one stream whose request named {@code model}. */
  public static MessagesMeter create(String model, InstantSource clock) {
    return new MessagesMeter(new MessagesStreamDecoder(requireNonNull(model, "model"),
        requireNonNull(clock, "clock")));
  }

  /**
   * Reads one event. Returns the error it reported ({@code event: error}, or data that is not a
   * JSON object), else null; after the first error, later events are still read for usage.
   */
  public @Nullable GatewayException onEvent(@Nullable String event, byte[] data) {
    requireNonNull(data, "data");
    try {
      decoder.onEvent(event, data, chunk -> { });
      started |= "message_start".equals(event);
      return null;
    } catch (GatewayException e) {
      if (error == null) {
        error = e;
      }
      return e;
    }
  }

  /**
   * The body ended. Returns the error of a stream cut short (no {@code message_stop}), else null.
   */
  public @Nullable GatewayException onEnd() {
    try {
      decoder.onEnd(chunk -> { });
      return null;
    } catch (GatewayException e) {
      if (error == null) {
        error = e;
      }
      return e;
    }
  }

  /** The first error seen, or null. */
  public @Nullable GatewayException error() {
    return error;
  }

  /**
   * The usage reported so far, normalised (see {@link Usage#fromAnthropic}); null before {@code
   * message_start}.
   */
  public @Nullable Usage usage() {
    return started ? decoder.usageSoFar() : null;
  }
}
