package dev.junction.e2e;

import dev.junction.testing.FakeUpstream;
import dev.junction.testing.Reply;

/**
 * One provider adapter in the conformance matrix: how a fake upstream speaking that vendor's wire
 * format answers well, rate-limits, fails and breaks off, and what an OpenAI client of the gateway
 * must then see. Adding a provider to {@link ProviderConformanceMatrixTest} is one implementation
 * of this interface and one line in its {@code providers()} list.
 *
 * <p>Implementations are immutable.
 */
interface ProviderCase {

  /** The {@code provider:} name in the gateway config; also the matrix's display name. */
  String provider();

  /** The deployment's model id, which the upstream must receive in place of the client's. */
  String upstreamModel();

  /** The deployment's {@code base-url} pointing at {@code fake}. */
  String baseUrl(FakeUpstream fake);

  /** The path the upstream call must hit. */
  String upstreamPath(boolean stream);

  /** A complete, successful answer (a recorded fixture), streamed or whole. */
  Reply ok(boolean stream);

  /** What the client must receive for {@link #ok(boolean)}. */
  Answer answer(boolean stream);

  /** A 429 in the vendor's format asking to wait {@code retryAfterSeconds}. */
  Reply rateLimited(long retryAfterSeconds);

  /** A server-side failure in the vendor's format. */
  Reply serverError();

  /** The status the gateway answers {@link #serverError()} with. */
  default int serverErrorStatus() {
    return 502;
  }

  /**
   * The {@link #ok(boolean)} answer broken off: a stream dropped after its first few events, or a
   * whole body cut short. A dropped stream must still have delivered some text first.
   */
  Reply broken(boolean stream);

  /**
   * What the client sees of a successful answer, in OpenAI terms.
   *
   * @param finishReason the OpenAI {@code finish_reason}
   */
  record Answer(String text, String finishReason, long promptTokens, long completionTokens) {}
}
