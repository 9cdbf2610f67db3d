/**
 * Test support shared by the test suites: where the recorded vendor fixtures and API specs are
 * ({@link dev.junction.testing.Fixtures}), and a small OpenAPI schema checker ({@link
 * dev.junction.testing.OpenApiSchema}).
 *
 * <pre>{@code
 * for (Fixtures.Case c : Fixtures.manifest()) {
 *   byte[] body = Fixtures.bytes(c.response().orElseThrow());
 * }
 * List<String> violations = OpenApiSchema.openAi().validate("ErrorResponse", json);
 * }</pre>
 */
@NullMarked
package dev.junction.testing;

import org.jspecify.annotations.NullMarked;
