/**
 * Token counting for when a vendor reports no usage (a stream the client cut short, a stream that
 * broke): a tiktoken-compatible count with jtokkit's {@code o200k_base} encoding. Counts made here
 * are estimates and are marked so wherever they are stored.
 *
 * <pre>{@code
 * long prompt = TokenCount.prompt(request);
 * long output = TokenCount.text(streamedSoFar);
 * Usage u = Usage.estimated(prompt, output);
 * }</pre>
 */
@NullMarked
package dev.junction.tokens;

import org.jspecify.annotations.NullMarked;
