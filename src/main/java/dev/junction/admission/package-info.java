/**
 * The single enforcement point: authentication, allowed models, rate limits and budgets for every
 * request, whichever front or endpoint it came through.
 *
 * <pre>{@code
 * Admission admission = Admission.of(keys, reservations, limiter, pricesOfRoute, rates::rate,
 *     AdmissionPolicy.DEFAULTS, clock);
 * String secret = AdmissionRequest.credential(req.getHeader("authorization"),
 *     req.getHeader("x-api-key"));
 * switch (admission.admit(AdmissionRequest.chat(secret, request,
 *     req.getHeader(Priority.HEADER)))) {
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
