/**
 * The one Jackson configuration the gateway uses, with limits that keep hostile bodies cheap.
 *
 * <pre>{@code
 * JsonNode body = Json.parse(bytes);   // GatewayException(400) on malformed or too-deep JSON
 * }</pre>
 */
@NullMarked
package dev.junction.json;

import org.jspecify.annotations.NullMarked;
