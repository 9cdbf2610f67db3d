/**
 * Canonical embedding requests and responses.
 *
 * <pre>{@code
 * EmbeddingRequest req = EmbeddingRequest.of("text-embedding-3-small", List.of("hello"));
 * }</pre>
 */
@NullMarked
package dev.junction.embedding;

import org.jspecify.annotations.NullMarked;
