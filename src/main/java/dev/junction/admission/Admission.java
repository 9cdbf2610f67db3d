package dev.junction.admission;

import static java.util.Objects.requireNonNull;

import dev.junction.budget.BudgetExceeded;
import dev.junction.budget.BudgetScope;
import dev.junction.budget.CurrencyRates;
import dev.junction.budget.Money;
import dev.junction.budget.Reservation;
import dev.junction.budget.Reservations;
import dev.junction.budget.ReserveOutcome;
import dev.junction.budget.WorstCase;
import dev.junction.keys.Authenticator;
import dev.junction.keys.KeyContext;
import dev.junction.pricing.Cost;
import dev.junction.pricing.ModelPrice;
import dev.junction.ratelimit.Priority;
import dev.junction.ratelimit.RateDecision;
import dev.junction.ratelimit.RateLimiter;
import dev.junction.ratelimit.RateTicket;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single enforcement point every route passes through (chat in both dialects, embeddings,
 * batch, anything added later): one {@link #admit} before routing, one {@link #complete} when the
 * request ends.
 *
 * <p>{@code admit} checks, in order, and stops at the first refusal:
 *
 * <ol>
 *   <li><b>Who</b>: the master key is admitted without limits; an active virtual key is looked up
 *       in constant time; anything else is 401, unless no master key is configured
 *       (development mode), where unauthenticated requests pass as {@code open} (a valid virtual
 *       key is still enforced, so keys can be tried out in development).
 *   <li><b>Model</b>: the key's and its team's allowed models, else 403 {@code model_not_allowed}.
 *   <li><b>Price</b>: when a budget applies, the worst-case cost (see {@link WorstCase}) over every
 *       deployment of the model; a model that cannot be priced is 403 {@code model_unpriced}.
 *   <li><b>Rate</b>: RPM, TPM (input plus output cap) and concurrency for key and team at once,
 *       else 429 {@code rate_limit_exceeded} with {@code Retry-After}.
 *   <li><b>Budget</b>: the worst case is reserved in key and team budgets at once, else 429
 *       {@code budget_exceeded} (the rate-limit hold is given back).
 * </ol>
 *
 * Thread-safe. {@code admit} does no network I/O; with SQLite-backed budgets it performs one
 * short local write (see {@link dev.junction.sqlite.SqliteDatabase}).
 */
public final class Admission {

  /** What the gateway logs at start when no master key is configured. */
  public static final String DEVELOPMENT_MODE_WARNING = "NO MASTER KEY CONFIGURED: Junction runs"
      + " OPEN (development mode). Any client may call any model without a key and /admin/* is"
      + " unprotected. Set auth.master-key (or JUNCTION_MASTER_KEY) before exposing this gateway.";

  private static final Logger LOG = LoggerFactory.getLogger("junction.admission");

  private final Authenticator auth;
  private final Reservations budgets;
  private final RateLimiter limiter;
  private final PriceLookup prices;
  private final CurrencyRates rates;
  private final AdmissionPolicy policy;
  private final InstantSource clock;

  private Admission(Authenticator auth, Reservations budgets, RateLimiter limiter,
      PriceLookup prices, CurrencyRates rates, AdmissionPolicy policy, InstantSource clock) {
    this.auth = auth;
    this.budgets = budgets;
    this.limiter = limiter;
    this.prices = prices;
    this.rates = rates;
    this.policy = policy;
    this.clock = clock;
  }

  /** The enforcement point over these collaborators. */
  public static Admission of(Authenticator auth, Reservations budgets, RateLimiter limiter,
      PriceLookup prices, CurrencyRates rates, AdmissionPolicy policy, InstantSource clock) {
    return new Admission(requireNonNull(auth, "auth"), requireNonNull(budgets, "budgets"),
        requireNonNull(limiter, "limiter"), requireNonNull(prices, "prices"),
        requireNonNull(rates, "rates"), requireNonNull(policy, "policy"),
        requireNonNull(clock, "clock"));
  }

  /** True when no master key is configured (log {@link #DEVELOPMENT_MODE_WARNING} at start). */
  public boolean developmentMode() {
    return auth.developmentMode();
  }

  /**
   * The virtual key {@code secret} names when it is an active one (not the master key), else
   * empty. Lets a caller skip counting tokens, and keep {@link #admit} on its own thread, for
   * requests that no limit or budget applies to: only a key with a budget makes {@code admit}
   * write to the store. Non-blocking.
   */
  public Optional<KeyContext> enforcedKey(@Nullable String secret) {
    if (secret == null || secret.isBlank() || auth.isMaster(secret)) {
      return Optional.empty();
    }
    return auth.authenticate(secret);
  }

  /** Admits or refuses one request; see the class comment for the order of checks. */
  public Decision admit(AdmissionRequest r) {
    requireNonNull(r, "r");
    return admit(r, enforcedKey(r.secret()));
  }

  /**
   * As {@link #admit(AdmissionRequest)}, given what {@link #enforcedKey} just returned for the
   * request's secret, so the secret is looked up once.
   */
  public Decision admit(AdmissionRequest r, Optional<KeyContext> enforced) {
    requireNonNull(r, "r");
    requireNonNull(enforced, "enforced");
    String secret = r.secret();
    boolean presented = secret != null && !secret.isBlank();
    Optional<KeyContext> who = enforced;
    if (who.isEmpty() && presented && auth.isMaster(secret)) {
      return new Admitted("master", null, null, null, priority(r, null), Map.of());
    }
    if (who.isEmpty()) {
      if (auth.developmentMode()) {
        return new Admitted("open", null, null, null, priority(r, null), Map.of());
      }
      return unauthenticated(presented);
    }
    KeyContext ctx = who.get();
    if (!ctx.allows(r.model())) {
      return notAllowed(ctx, r.model());
    }
    List<BudgetScope> scopes = ctx.budgetScopes();
    Money worst = null;
    if (!scopes.isEmpty()) {
      worst = worstCase(r);
      if (worst == null) {
        return deny(Denied.Kind.PERMISSION, "model_unpriced", "The model '" + r.model()
            + "' has no price in the catalogue, so calls to it cannot be held against the"
            + " budget of key '" + ctx.key().name() + "'. Add a price override for it.");
      }
    }
    RateTicket ticket = null;
    Map<String, String> headers = Map.of();
    if (!ctx.rateScopes().isEmpty()) {
      long out = r.maxOutputTokens() != null ? r.maxOutputTokens() : policy.assumedOutputTokens();
      RateDecision d = limiter.acquire(ctx.rateScopes(), r.inputTokens() + Math.max(0, out));
      headers = d.headers().toMap();
      if (!d.allowed()) {
        return rateDenied(d);
      }
      ticket = d.ticket();
    }
    Reservation reservation = null;
    if (worst != null) {
      ReserveOutcome o;
      try {
        o = budgets.reserve(scopes, worst);
      } catch (RuntimeException e) {
        giveBack(ticket);
        throw e;
      }
      if (o instanceof BudgetExceeded e) {
        giveBack(ticket);
        return budgetDenied(e);
      }
      reservation = (Reservation) o;
    }
    return new Admitted(ctx.key().scope(), ctx, reservation, ticket, priority(r, ctx), headers);
  }

  /**
   * Only the first two checks of {@link #admit}, who and which model, for endpoints that cost
   * nothing and are not limited ({@code count_tokens}): empty when allowed. Non-blocking.
   */
  public Optional<Denied> authorize(@Nullable String secret, String model) {
    requireNonNull(model, "model");
    Optional<Denied> who = authenticate(secret);
    if (who.isPresent()) {
      return who;
    }
    return enforcedKey(secret).filter(k -> !k.allows(model)).map(k -> notAllowed(k, model));
  }

  /**
   * Checks only who calls (listing models, for instance): empty for the master key, an active
   * virtual key, or anyone in development mode; else the 401 refusal.
   */
  public Optional<Denied> authenticate(@Nullable String secret) {
    boolean presented = secret != null && !secret.isBlank();
    if (auth.developmentMode() || (presented && auth.isMaster(secret))) {
      return Optional.empty();
    }
    return presented && auth.authenticate(secret).isPresent() ? Optional.empty()
        : Optional.of(unauthenticated(presented));
  }

  private static Denied unauthenticated(boolean presented) {
    return presented
        ? deny(Denied.Kind.AUTHENTICATION, "invalid_api_key",
            "Invalid API key: the key is unknown or has been revoked.")
        : deny(Denied.Kind.AUTHENTICATION, "missing_api_key", "No API key: send"
            + " 'Authorization: Bearer <key>' (OpenAI) or 'x-api-key: <key>' (Anthropic).");
  }

  private static Denied notAllowed(KeyContext ctx, String model) {
    return deny(Denied.Kind.PERMISSION, "model_not_allowed", "The key '" + ctx.key().name()
        + "' (" + ctx.key().id() + ") may not use the model '" + model + "'.");
  }

  private static void giveBack(@Nullable RateTicket t) {
    if (t != null) {
      t.complete(0);
    }
  }

  private static Priority priority(AdmissionRequest r, @Nullable KeyContext ctx) {
    if (r.priority() != null) {
      return r.priority();
    }
    return ctx == null ? Priority.NORMAL : ctx.key().defaultPriority();
  }

  /** The largest worst case over the model's deployments, or null when one is unpriced. */
  private @Nullable Money worstCase(AdmissionRequest r) {
    List<ModelPrice> ps = prices.prices(r.model());
    Money max = null;
    for (ModelPrice p : ps) {
      Optional<Money> m = WorstCase.cost(p, r.inputTokens(), r.maxOutputTokens(),
          policy.fallbackMaxOutputTokens());
      if (m.isEmpty()) {
        return null;
      }
      Money w = m.get();
      if (max != null && !w.currency().equals(max.currency())) {
        String from = w.currency();
        String to = max.currency();
        w = new Money(w.amount().multiply(rates.rate(from, to, clock.instant())
            .orElseThrow(() -> new IllegalStateException("no exchange rate from " + from
                + " to " + to))), to);
      }
      if (max == null || w.amount().compareTo(max.amount()) > 0) {
        max = w;
      }
    }
    return max;
  }

  private static Denied deny(Denied.Kind kind, String code, String message) {
    return new Denied(kind, code, message, -1, Map.of());
  }

  private static Denied rateDenied(RateDecision d) {
    Map<String, String> h = new LinkedHashMap<>(d.headers().toMap());
    retryAfter(h, d.retryAfterMillis());
    String what = switch (d.reason()) {
      case REQUESTS -> "requests per minute";
      case TOKENS -> "tokens per minute";
      case CONCURRENCY -> "concurrent requests";
      case null -> "rate";
    };
    return new Denied(Denied.Kind.RATE, "rate_limit_exceeded", "Rate limit of " + d.scopeId()
        + " reached (" + what + "). Retry after " + d.retryAfterMillis() + " ms.",
        d.retryAfterMillis(), h);
  }

  private Denied budgetDenied(BudgetExceeded e) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-should-retry", "false");
    long wait = -1;
    if (e.resetsAt() != null) {
      wait = Math.max(0, e.resetsAt().toEpochMilli() - clock.millis());
      retryAfter(h, wait);
    }
    return new Denied(Denied.Kind.BUDGET, "budget_exceeded", e.message(), wait, h);
  }

  private static void retryAfter(Map<String, String> h, long millis) {
    h.put("retry-after", Long.toString(Math.max(1, (millis + 999) / 1000)));
    h.put("retry-after-ms", Long.toString(millis));
  }

  /**
   * Ends an admitted request: settles or releases its reservation and corrects its rate-limit
   * hold (see {@link Outcome}). Safe to call more than once; only the first call counts (later
   * ones return {@link Settlement#NONE}).
   */
  public Settlement complete(Admitted a, Outcome outcome) {
    requireNonNull(a, "a");
    requireNonNull(outcome, "outcome");
    RateTicket t = a.ticket();
    if (t != null) {
      try {
        t.complete(switch (outcome) {
          case Outcome.NotSent n -> 0L;
          case Outcome.Unknown u -> t.chargedTokens();
          case Outcome.Billed b -> b.usage().totalTokens();
        });
      } catch (RuntimeException e) {
        LOG.error("rate-limit completion failed for {}", a.principal(), e);
      }
    }
    Reservation res = a.reservation();
    if (res == null) {
      return Settlement.NONE;
    }
    Money settled = switch (outcome) {
      case Outcome.NotSent n -> null;
      case Outcome.Unknown u -> res.worstCase();
      case Outcome.Billed b -> settled(b.cost(), res);
    };
    boolean first = settled == null ? budgets.release(res) : budgets.settle(res, settled);
    return first ? new Settlement(res.id(), res.worstCase(), settled) : Settlement.NONE;
  }

  private static Money settled(Cost cost, Reservation res) {
    return cost.complete() ? new Money(cost.total(), cost.currency()) : res.worstCase();
  }
}
