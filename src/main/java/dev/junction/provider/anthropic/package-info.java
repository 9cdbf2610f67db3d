/**
 * The Anthropic Messages API, both ways.
 *
 * <p>Provider side: {@link dev.junction.provider.anthropic.AnthropicProvider} serves deployments
 * with {@code provider: anthropic}; its codec encodes canonical requests as {@code POST
 * /v1/messages} bodies and decodes answers, SSE streams and error bodies into the canonical model.
 *
 * <p>Front side: {@link dev.junction.provider.anthropic.AnthropicDialect} reads a Messages request
 * as a client sends it into a canonical {@link dev.junction.chat.ChatRequest} and writes canonical
 * answers back as Messages responses; {@link
 * dev.junction.provider.anthropic.AnthropicStreamEncoder} turns any canonical stream (whichever
 * vendor produced it) into Anthropic's event sequence:
 *
 * <pre>{@code
 * ChatRequest request = AnthropicDialect.readRequest(bodyBytes);   // 400 GatewayException if bad
 * AnthropicStreamEncoder sse =
 *     AnthropicStreamEncoder.create("msg_" + requestId, request.model(), 0);
 * stream.start(new StreamSink() {
 *   public void onChunk(StreamChunk c) { socket.write(sse.encode(c)); }
 *   public void onComplete() { socket.end(sse.finish()); }
 *   public void onError(GatewayException e) { socket.end(sse.error(e)); }
 * });
 * }</pre>
 *
 * <p>Anthropic-only request fields that the canonical model does not hold (server tools, top-level
 * {@code cache_control}, adaptive thinking, {@code output_config.effort}, {@code service_tier}, …)
 * travel in {@code ChatRequest.extras()} under the key {@value
 * dev.junction.provider.anthropic.AnthropicDialect#EXTRAS_KEY}, which this codec merges into the
 * upstream body. Answer blocks the canonical model does not hold (server tool calls and results,
 * citations) travel in {@code Choice.messageExtras()} / {@code ChoiceDelta.extras()} under {@value
 * dev.junction.provider.anthropic.AnthropicDialect#CONTENT_KEY}.
 */
@NullMarked
package dev.junction.provider.anthropic;

import org.jspecify.annotations.NullMarked;
