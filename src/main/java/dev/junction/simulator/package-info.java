/**
 * The built-in simulator provider: an in-process {@link dev.junction.provider.Upstream} (no HTTP)
 * that answers canonical chat and embedding requests deterministically, for the zero-config demo,
 * tests, chaos runs and benchmarks.
 *
 * <p>The same seed and prompt content always give the same answer; injected failures (429 with
 * {@code Retry-After}, 500, hung calls, dropped streams) follow a seeded sequence. Streams are
 * paced with Vert.x timers on the caller's event loop and honour pause, resume and cancel.
 *
 * <pre>{@code
 * # junction.yaml
 * deployments:
 *   - provider: simulator
 *     model: fast
 *     options: {first-token: 200ms, tokens-per-second: 40, error-rate-429: 0.05}
 *
 * // Java
 * SimulatorUpstream sim = new SimulatorProvider().create(deployment, providerContext);
 * sim.chat(ChatRequest.of("fast", List.of(Message.text(Role.USER, "hi"))), CallContext.create("r1"))
 *     .onSuccess(r -> System.out.println(r.choices().getFirst().text()));
 * // Hello from the Junction simulator (model fast). …
 * sim.stats().calls(); // 1
 * }</pre>
 */
@NullMarked
package dev.junction.simulator;

import org.jspecify.annotations.NullMarked;
