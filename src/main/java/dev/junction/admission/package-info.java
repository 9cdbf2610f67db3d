/**
 * The single enforcement point: authentication, allowed models, rate limits and budgets for every
 * request, whichever front or endpoint it came through.
 *
 * <pre>{@code
 * Admission admission = Admission.of(keys, reservations, limiter, pricesOfRoute, rates::rate,
 *     AdmissionPolicy.DEFAULTS, clock);
 * switch (admission.admit(new AdmissionRequest(bearer, request.model(),
 *     TokenEstimate.chat(request), maxTokens, Priority.parse(header).orElse(null)))) {
 *   case Denied d -> renderInDialect(d.toException(), d.headers());
 *   case Admitted a -> {
 *     a.headers().forEach(response::putHeader);
 *     ... route and call ...
 *     admission.complete(a, Outcome.billed(usage, cost));   // or NOT_SENT / UNKNOWN
 *   }
 * }
 * }</pre>
 */
@NullMarked
package dev.junction.admission;

import org.jspecify.annotations.NullMarked;
