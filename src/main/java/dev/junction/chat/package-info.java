/**
 * The canonical chat model: one vendor-neutral shape for requests, responses, stream chunks and
 * usage that every front (OpenAI, Anthropic) decodes into and every provider adapter encodes from.
 *
 * <p>All types are immutable records and safe to share between threads. Fields that a request may
 * omit are {@link org.jspecify.annotations.Nullable}; everything else is non-null. Unmodelled
 * vendor fields travel in {@code extras} objects so that an OpenAI-compatible upstream receives
 * what the client sent.
 *
 * <p>The token buckets of {@link dev.junction.chat.Usage} are disjoint, which is what makes cost
 * arithmetic simple and exact:
 * <pre>{@code
 * Usage u = Usage.builder().input(900).cacheRead(100).output(40).reasoning(60).build();
 * u.promptTokens();     // 1000: what OpenAI calls prompt_tokens (cached tokens included)
 * u.completionTokens(); // 100:  what OpenAI calls completion_tokens (reasoning included)
 * }</pre>
 */
@NullMarked
package dev.junction.chat;

import org.jspecify.annotations.NullMarked;
