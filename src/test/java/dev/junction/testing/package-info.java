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
 *
 * <p>{@link dev.junction.testing.FakeUpstream} is a scripted vendor API on a loopback port that
 * replays recorded fixtures byte for byte or misbehaves on purpose (error statuses, dropped,
 * reset and stalled connections), and records what it was sent.
 *
 * <pre>{@code
 * try (FakeUpstream fake = FakeUpstream.start()) {
 *   fake.enqueue(Reply.fixture("openai-chat/tool-call-stream.sse").dropAfterEvents(3));
 *   // ... point a deployment at fake.baseUrl() and call the gateway ...
 *   RecordedRequest sent = fake.awaitRequest(0, Duration.ofSeconds(5));
 *   assertThat(sent.awaitConnectionClosed(Duration.ofSeconds(5))).isTrue();
 * }
 * }</pre>
 *
 * <p>{@link dev.junction.testing.ManualClock} and {@link dev.junction.testing.ManualScheduler}
 * inject time: tests move the clock by hand and scheduled tasks run when they fall due.
 */
@NullMarked
package dev.junction.testing;

import org.jspecify.annotations.NullMarked;
