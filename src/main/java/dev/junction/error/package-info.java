/**
 * Gateway errors in one canonical form that every front renders in its own dialect.
 *
 * <pre>{@code
 * throw GatewayException.of(ErrorKind.NOT_FOUND, "model_not_found", "model 'x' is not served here");
 * // OpenAI front:    404 {"error":{"message":"…","type":"invalid_request_error","param":null,"code":"model_not_found"}}
 * // Anthropic front: 404 {"type":"error","error":{"type":"not_found_error","message":"…"}}
 * }</pre>
 */
@NullMarked
package dev.junction.error;

import org.jspecify.annotations.NullMarked;
