/**
 * OpenAI Chat Completions, both as a provider (OpenAI and every OpenAI-compatible vendor:
 * Moonshot/Kimi, xAI, DeepSeek, Qwen, Mistral, Groq, OpenRouter, Z.ai, Perplexity, vLLM, Ollama)
 * and as the wire format of the OpenAI front.
 *
 * <pre>{@code
 * ChatRequest req = OpenAiRequestReader.read(Json.parseObject(body));    // client -> canonical
 * Upstream up = OpenAiProvider.of(OpenAiVendor.forName("deepseek").orElseThrow())
 *     .create(deployment, providerContext);                                // canonical -> vendor
 * byte[] json = OpenAiResponseWriter.chat(response);                       // canonical -> client
 * }</pre>
 */
@NullMarked
package dev.junction.provider.openai;

import org.jspecify.annotations.NullMarked;
