package dev.junction.gateway;

import dev.junction.admission.Admission;
import dev.junction.admission.AdmissionRequest;
import dev.junction.admission.Admitted;
import dev.junction.admission.Decision;
import dev.junction.admission.Denied;
import dev.junction.admission.Outcome;
import dev.junction.admission.Settlement;
import dev.junction.keys.KeyContext;
import dev.junction.pricing.Cost;
import dev.junction.chat.ChatRequest;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.ratelimit.Priority;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Where the fronts meet {@link Admission}, the gateway's one enforcement point: {@link #admit}
 * before a request is routed, {@link #complete} when its one {@link CallRecord} is produced.
 *
 * <p><b>Threads.</b> Only a virtual key with a budget makes admission and completion touch the
 * SQLite store (one short write each); those run on a small worker pool ({@code
 * executeBlocking}, unordered) and their result is handed back on the request's event loop. All
 * else (no key in development mode, the master key, keys without budgets: authentication, model
 * checks and in-memory rate limits) runs inline on the event loop, so keyless traffic pays nothing
 * for this. Prompt tokens are counted only when a limit or budget needs them, and then on the
 * worker when a budget applies.
 *
 * <p>Thread-safe.
 */
final class Enforcement {

  /** Worker threads for budget writes (SQLite serialises writers anyway). */
  static final int WORKERS = 2;

  private final Admission admission;
  private final WorkerExecutor worker;
  private final Pricing pricing;

  Enforcement(Admission admission, WorkerExecutor worker, Pricing pricing) {
    this.admission = admission;
    this.worker = worker;
    this.pricing = pricing;
  }

  /** The credential a client presented (Bearer token, else {@code x-api-key}), or null. */
  static @Nullable String credential(HttpServerRequest req) {
    return AdmissionRequest.credential(req.getHeader("authorization"),
        req.getHeader("x-api-key"));
  }

  /**
   * Admits or refuses a request. {@code request} builds the admission request from the presented
   * secret and whether its tokens must be counted (when false, pass 0: nothing will read them).
   * The future completes on the caller's context.
   */
  Future<Decision> admit(@Nullable String secret, RequestBuilder request) {
    Optional<KeyContext> key = admission.enforcedKey(secret);
    if (key.isPresent() && !key.get().budgetScopes().isEmpty()) {
      return worker.executeBlocking(() -> admission.admit(request.build(secret, true)), false);
    }
    try {
      boolean count = key.isPresent() && !key.get().rateScopes().isEmpty();
      return Future.succeededFuture(admission.admit(request.build(secret, count), key));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Builds the admission request; {@code count} false means the token count is not needed. */
  @FunctionalInterface
  interface RequestBuilder {
    AdmissionRequest build(@Nullable String secret, boolean count);
  }

  /** Admission for a chat request; counted only when asked to. */
  static RequestBuilder chat(String model, @Nullable String priorityHeader,
      Supplier<ChatRequest> request) {
    return (secret, count) -> count
        ? AdmissionRequest.chat(secret, request.get(), priorityHeader)
        : new AdmissionRequest(secret, model, 0, null, priority(priorityHeader));
  }

  /** Admission for an embeddings request; counted only when asked to. */
  static RequestBuilder embeddings(EmbeddingRequest request, @Nullable String priorityHeader) {
    return (secret, count) -> count
        ? AdmissionRequest.embeddings(secret, request, priorityHeader)
        : new AdmissionRequest(secret, request.model(), 0, 0L, priority(priorityHeader));
  }

  private static @Nullable Priority priority(@Nullable String header) {
    return header == null ? null : Priority.parse(header).orElse(null);
  }

  /**
   * Completes an admitted request whose record is {@code r}: prices it, settles or releases its
   * reservation and corrects its rate-limit hold, and answers the record with the key, team and
   * the amounts reserved and settled. Completes on the caller's context.
   */
  Future<CallRecord> complete(Admitted a, CallRecord r) {
    CallRecord priced = price(r);
    Outcome outcome = outcome(priced);
    if (a.reservation() == null) {
      try {
        admission.complete(a, outcome);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      return Future.succeededFuture(a.key() == null ? priced
          : priced.withPrincipal(principal(a, Settlement.NONE)));
    }
    return worker.executeBlocking(() -> admission.complete(a, outcome), false)
        .map(s -> priced.withPrincipal(principal(a, s)));
  }

  private static CallRecord.Principal principal(Admitted a, Settlement s) {
    return new CallRecord.Principal(a.keyId(), a.teamId(),
        s.reserved() == null ? null : s.reserved().amount(),
        s.reserved() == null ? null
            : s.settled() == null ? java.math.BigDecimal.ZERO : s.settled().amount());
  }

  /**
   * Checks who calls and whether the model is allowed, without limits or budget: for endpoints
   * vendors do not bill ({@code count_tokens}). Empty when allowed. Non-blocking.
   */
  Optional<Denied> authorize(@Nullable String secret, String model) {
    return admission.authorize(secret, model);
  }

  /** Who calls, without a model (listing models): empty when allowed, else the 401 refusal. */
  Optional<Denied> authenticate(@Nullable String secret) {
    return admission.authenticate(secret);
  }

  /** Which model names {@code secret} may use: a virtual key's allowed models, else all. */
  Predicate<String> allowedModels(@Nullable String secret) {
    return admission.enforcedKey(secret)
        .<Predicate<String>>map(k -> k::allows).orElse(m -> true);
  }

  /**
   * Answers a refusal of a models listing in {@code format}, or returns the test of which model
   * names the caller may see.
   */
  Optional<Predicate<String>> listing(HttpServerRequest req,
      ErrorFormat format) {
    String secret = credential(req);
    Optional<Denied> denied = authenticate(secret);
    if (denied.isPresent()) {
      denied.get().headers().forEach(req.response()::putHeader);
      format.send(req.response(), denied.get().toException());
      return Optional.empty();
    }
    return Optional.of(allowedModels(secret));
  }

  /** The key and team {@code secret} names, for the ledger of a refused request; or null. */
  CallRecord.@Nullable Principal principal(@Nullable String secret) {
    return admission.enforcedKey(secret)
        .map(k -> new CallRecord.Principal(k.key().id(), k.key().teamId(), null, null))
        .orElse(null);
  }

  /** The record with its cost, when it has usage and an upstream to price it by. */
  CallRecord price(CallRecord r) {
    if (r.cost() != null || r.usage() == null || r.provider() == null
        || r.upstreamModel() == null) {
      return r;
    }
    return r.withCost(pricing.cost(r.provider(), r.upstreamModel(), r.startedAt(), r.usage()));
  }

  /**
   * What the call cost the budget: billed at its (vendor or estimated) usage when there is one;
   * not sent when no attempt was made, or when the vendor answered with a client error (4xx: not
   * billed); otherwise (client hang-up, timeout, 5xx, a stream broken after it began) unknown,
   * settled at the worst case since the vendor may bill it.
   */
  static Outcome outcome(CallRecord r) {
    Cost cost = r.cost();
    if (r.usage() != null && cost != null) {
      return Outcome.billed(r.usage(), cost);
    }
    if (r.attempts() == 0) {
      return Outcome.NOT_SENT;
    }
    if (r.status() >= 400 && r.status() < 500 && r.status() != 499 && r.status() != 408) {
      return Outcome.NOT_SENT;
    }
    return Outcome.UNKNOWN;
  }
}
