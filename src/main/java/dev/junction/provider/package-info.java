/**
 * The provider adapter SPI: the wide extension point through which Junction talks to vendors.
 *
 * <p>A {@link dev.junction.provider.Provider} turns a deployment's config into an {@link
 * dev.junction.provider.Upstream}, which answers canonical {@link dev.junction.chat.ChatRequest}s
 * whole or as a {@link dev.junction.provider.ChatStream}. HTTP vendors only write a {@link
 * dev.junction.provider.WireCodec} (request encoding, response, stream and error decoding) and get
 * pooling, timeouts, backpressure and cancellation from {@link
 * dev.junction.provider.Upstream#http}:
 *
 * <pre>{@code
 * Upstream up = Provider.forName("openai").create(deployment, providerContext);
 * up.stream(request, CallContext.create()).onSuccess(stream -> stream.start(new StreamSink() {
 *   public void onChunk(StreamChunk c) { ... if (slow) stream.pause(); }
 *   public void onComplete() { ... }
 *   public void onError(GatewayException e) { ... }
 * }));
 * }</pre>
 */
@NullMarked
package dev.junction.provider;

import org.jspecify.annotations.NullMarked;
