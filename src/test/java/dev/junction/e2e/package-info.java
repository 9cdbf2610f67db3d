/**
 * End-to-end tests: the real gateway started in-process ({@code RunningGateway}: port 0, one event
 * loop) in front of {@link dev.junction.testing.FakeUpstream}s, called with the openai-java SDK
 * and with raw HTTP. {@code ExpectedAnswer} reads what a recording says, independently of the
 * gateway's decoders; {@code ProviderConformanceMatrixTest} runs the same outcomes against every
 * provider adapter described by a {@code ProviderCase}.
 *
 * <pre>{@code
 * try (FakeUpstream fake = FakeUpstream.start();
 *     RunningGateway gw = RunningGateway.start("models: [...base-url: " + fake.baseUrl() + "]")) {
 *   fake.enqueue(Reply.fixture("openai-chat/text-basic.json"));
 *   ChatCompletion c = gw.sdk().chat().completions().create(params);
 *   ExpectedAnswer.of("openai-chat/text-basic.json").assertMatches(c);
 * }
 * }</pre>
 */
@NullMarked
package dev.junction.e2e;

import org.jspecify.annotations.NullMarked;
