/**
 * The Google Gemini adapter: canonical chat and embedding requests spoken as the native Gemini
 * Generative Language API (v1beta, REST JSON), streaming included.
 *
 * <p>{@link dev.junction.provider.gemini.GeminiProvider} is the only public type; it creates an
 * {@link dev.junction.provider.Upstream} per deployment:
 *
 * <pre>{@code
 * DeploymentConfig d = DeploymentConfig.of("gemini", "gemini-2.5-flash", null,
 *     Secret.of(System.getenv("GEMINI_API_KEY")));
 * Upstream up = new GeminiProvider().create(d, providerContext);
 * up.chat(ChatRequest.of("flash", List.of(Message.text(Role.USER, "Hello!"))), ctx)
 *     .onSuccess(r -> System.out.println(r.choices().get(0).text()));
 * }</pre>
 *
 * <p>Thought signatures travel in the canonical model as {@link
 * dev.junction.chat.ContentPart.Thinking} parts (signature-only ones have empty text) and as
 * {@link dev.junction.chat.ChoiceDelta#reasoningSignature()} in streams; a front that hands them
 * back with the assistant turn lets Gemini 3 continue a tool-calling conversation.
 */
@NullMarked
package dev.junction.provider.gemini;

import org.jspecify.annotations.NullMarked;
