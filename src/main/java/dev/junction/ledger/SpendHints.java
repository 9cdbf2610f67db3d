package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import dev.junction.pricing.Cost;
import dev.junction.pricing.CostCalculator;
import dev.junction.pricing.ModelPrice;
import dev.junction.pricing.PriceCatalogue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Optimisation hints computed from the raw ledger entries of a time window: pure functions of the
 * entries and a price catalogue, no state.
 *
 * <ul>
 *   <li>{@link Hint.Kind#SMALL_PROMPTS_ON_EXPENSIVE_MODEL}: per tag, per model with a cheaper
 *       sibling in {@link #CHEAPER}, the spend on successful calls with fewer than {@value
 *       #SMALL_PROMPT_TOKENS} prompt tokens, and what the same tokens would have cost on the
 *       cheaper model at the catalogue's prices (each call rounded half-even to {@value
 *       Spend#SCALE} digits, as the ledger stores costs). Emitted when that is cheaper. Calls
 *       answered from the gateway's cache, failed calls and unpriced calls are left out; a group
 *       with a token kind the cheaper model has no price for is skipped rather than guessed.
 *   <li>{@link Hint.Kind#REPEATED_PROMPTS}: per currency, the successful calls whose {@link
 *       LedgerEntry#promptHash()} equals that of a successful call at most {@link #REPEAT_WINDOW}
 *       before (a response cache with that lifetime would have answered them), as a share of the
 *       successful calls with a fingerprint; the saving is what those repeats cost.
 *   <li>{@link Hint.Kind#FAILED_CALLS}: per currency, the spend on calls the client saw fail
 *       ({@link LedgerEntry#isError()}), as a share of all spend in that currency.
 * </ul>
 *
 * Shares are rounded half-even to 4 digits. Amounts in different currencies are never mixed.
 * Hints are ordered by currency, then saving (highest first). Stateless and thread-safe; {@link
 * #of(LedgerStore, Instant, Instant)} blocks on the database and holds the window's entries in
 * memory.
 *
 * <pre>{@code
 * List<Hint> hints = SpendHints.of(store, now.minus(Duration.ofDays(7)), now);
 * System.out.print(SpendHints.render(hints, ReportFormat.TABLE));
 * }</pre>
 */
public final class SpendHints {

  /** A prompt below this many tokens counts as small. */
  public static final long SMALL_PROMPT_TOKENS = 500;

  /** A prompt seen again within this time counts as a repeat. */
  public static final Duration REPEAT_WINDOW = Duration.ofHours(1);

  /**
   * A cheaper sibling: calls to {@code model} (or a dated or {@code -latest} variant of it) at
   * {@code provider} could have gone to {@code cheaper}.
   */
  record Cheaper(String provider, String model, String cheaper) {

    private static final Pattern VARIANT = Pattern.compile("-(\\d{8}|\\d{4}-\\d{2}-\\d{2}|latest)");

    boolean matches(String p, String m) {
      return provider.equals(p) && m.startsWith(model)
          && (m.length() == model.length()
              || VARIANT.matcher(m.substring(model.length())).matches());
    }
  }

  /**
   * The documented mapping table (docs/LEDGER.md, "Optimisation hints"): each model with the
   * cheaper model of the same family and provider that hints suggest. Hints are about prompts of
   * under {@value #SMALL_PROMPT_TOKENS} tokens, so any context window fits; every cheaper model
   * here holds at least 128k tokens and costs less per input and output token.
   */
  static final List<Cheaper> CHEAPER = List.of(
      new Cheaper("openai", "gpt-4o", "gpt-4o-mini"),
      new Cheaper("openai", "gpt-4.1", "gpt-4.1-mini"),
      new Cheaper("openai", "gpt-5", "gpt-5-mini"),
      new Cheaper("anthropic", "claude-opus-4-1", "claude-sonnet-4-5"),
      new Cheaper("anthropic", "claude-sonnet-4-5", "claude-haiku-4-5"),
      new Cheaper("anthropic", "claude-sonnet-4", "claude-haiku-4-5"),
      new Cheaper("anthropic", "claude-3-7-sonnet", "claude-3-5-haiku"),
      new Cheaper("gemini", "gemini-2.5-pro", "gemini-2.5-flash"),
      new Cheaper("gemini", "gemini-2.5-flash", "gemini-2.5-flash-lite"));

  private SpendHints() {}

  /** The hints for raw entries with {@code from <= time < to}, at the built-in prices. */
  public static List<Hint> of(LedgerStore store, Instant from, Instant to) {
    requireNonNull(store, "store");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("--to: " + to + " (expected: after --from " + from + ")");
    }
    return of(store.entries(from, to), PriceCatalogue.builtIn());
  }

  /** The hints for {@code entries}, pricing alternatives from {@code prices}. */
  public static List<Hint> of(List<LedgerEntry> entries, PriceCatalogue prices) {
    requireNonNull(entries, "entries");
    requireNonNull(prices, "prices");
    List<Hint> out = new ArrayList<>();
    out.addAll(smallPrompts(entries, prices));
    out.addAll(repeatedPrompts(entries));
    out.addAll(failedCalls(entries));
    out.sort(Comparator.comparing(Hint::currency)
        .thenComparing(Hint::saving, Comparator.reverseOrder())
        .thenComparing(Hint::kind)
        .thenComparing(h -> Objects.requireNonNullElse(h.tag(), "")));
    return List.copyOf(out);
  }

  /** Where a group of calls spends: tag (null: untagged), currency. */
  private record TagKey(@Nullable String tag, String currency) {}

  /** Small calls of one tag on one model. */
  private record ModelKey(@Nullable String tag, String currency, String provider, String model,
      Cheaper cheaper) {}

  private static List<Hint> smallPrompts(List<LedgerEntry> entries, PriceCatalogue prices) {
    Map<TagKey, BigDecimal> tagSpend = new LinkedHashMap<>();
    Map<ModelKey, List<LedgerEntry>> small = new LinkedHashMap<>();
    for (LedgerEntry e : entries) {
      String currency = e.cost().currency();
      tagSpend.merge(new TagKey(e.tag(), currency), e.cost().total(), BigDecimal::add);
      String provider = e.provider();
      String model = e.upstreamModel();
      if (provider == null || model == null || e.unpriced() || e.isError() || e.cacheHit()
          || e.tokens().promptTokens() >= SMALL_PROMPT_TOKENS) {
        continue;
      }
      for (Cheaper c : CHEAPER) {
        if (c.matches(provider, model)) {
          small.computeIfAbsent(new ModelKey(e.tag(), currency, provider, model, c),
              k -> new ArrayList<>()).add(e);
          break;
        }
      }
    }
    List<Hint> out = new ArrayList<>();
    small.forEach((k, calls) -> {
      Optional<ModelPrice> price = prices.lookup(k.provider(), k.cheaper().cheaper());
      if (price.isEmpty() || !price.get().currency().equals(k.currency())) {
        return;
      }
      BigDecimal spent = BigDecimal.ZERO;
      BigDecimal alternative = BigDecimal.ZERO;
      for (LedgerEntry e : calls) {
        Cost c = CostCalculator.cost(price.get(), e.tokens());
        if (!c.complete()) {
          return; // a token kind the cheaper model has no price for: no honest estimate
        }
        spent = spent.add(e.cost().total());
        alternative = alternative.add(Spend.exact(c.total(), "alternative"));
      }
      BigDecimal saving = spent.subtract(alternative);
      if (saving.signum() <= 0) {
        return;
      }
      BigDecimal total = tagSpend.get(new TagKey(k.tag(), k.currency()));
      BigDecimal share = fraction(spent, total);
      String ratio = alternative.signum() == 0 ? ""
          : " (1/" + spent.divide(alternative, 0, RoundingMode.HALF_EVEN).toPlainString() + ")";
      String message = String.format(Locale.ROOT,
          "%s spends %s of its %s spend on %s/%s for prompts under %d tokens (%d calls, %s); "
              + "%s would cost %s%s: saving %s",
          k.tag() == null ? "untagged traffic" : "tag " + k.tag(), percent(share), k.currency(),
          k.provider(), k.model(), SMALL_PROMPT_TOKENS, calls.size(), money(spent, k.currency()),
          k.cheaper().cheaper(), money(alternative, k.currency()), ratio,
          money(saving, k.currency()));
      out.add(new Hint(Hint.Kind.SMALL_PROMPTS_ON_EXPENSIVE_MODEL, k.tag(), k.currency(), saving,
          share, message, evidence("calls", BigDecimal.valueOf(calls.size()), "spend", spent,
              "tag_spend", total, "alternative_cost", alternative)));
    });
    return out;
  }

  /** Repeats in one currency; filled in time order. */
  private static final class Repeats {
    final Map<String, Instant> lastSeen = new HashMap<>();
    long calls;
    long repeats;
    BigDecimal cost = BigDecimal.ZERO;

    void add(LedgerEntry e, String hash) {
      calls++;
      Instant last = lastSeen.put(hash, e.time());
      if (last != null && !e.time().isAfter(last.plus(REPEAT_WINDOW))) {
        repeats++;
        cost = cost.add(e.cost().total());
      }
    }
  }

  private static List<Hint> repeatedPrompts(List<LedgerEntry> entries) {
    Map<String, Repeats> byCurrency = new TreeMap<>();
    entries.stream().filter(e -> e.promptHash() != null && !e.isError())
        .sorted(Comparator.comparing(LedgerEntry::time))
        .forEach(e -> byCurrency.computeIfAbsent(e.cost().currency(), c -> new Repeats())
            .add(e, Objects.requireNonNull(e.promptHash())));
    List<Hint> out = new ArrayList<>();
    byCurrency.forEach((currency, r) -> {
      long calls = r.calls;
      long repeats = r.repeats;
      BigDecimal saving = r.cost;
      if (repeats == 0 || saving.signum() <= 0) {
        return;
      }
      BigDecimal share = fraction(BigDecimal.valueOf(repeats), BigDecimal.valueOf(calls));
      String message = String.format(Locale.ROOT,
          "%s of %s calls (%d of %d) repeat a prompt answered within %d minutes before: caching "
              + "would save %s",
          percent(share), currency, repeats, calls, REPEAT_WINDOW.toMinutes(),
          money(saving, currency));
      out.add(new Hint(Hint.Kind.REPEATED_PROMPTS, null, currency, saving, share, message,
          evidence("repeats", BigDecimal.valueOf(repeats), "calls", BigDecimal.valueOf(calls),
              "repeat_spend", saving)));
    });
    return out;
  }

  private static List<Hint> failedCalls(List<LedgerEntry> entries) {
    record Sums(long calls, long failedCalls, BigDecimal spend, BigDecimal failedSpend) {
      Sums plus(Sums o) {
        return new Sums(calls + o.calls, failedCalls + o.failedCalls, spend.add(o.spend),
            failedSpend.add(o.failedSpend));
      }
    }
    Map<String, Sums> byCurrency = new TreeMap<>();
    for (LedgerEntry e : entries) {
      boolean failed = e.isError();
      BigDecimal cost = e.cost().total();
      byCurrency.merge(e.cost().currency(), new Sums(1, failed ? 1 : 0, cost,
          failed ? cost : BigDecimal.ZERO), Sums::plus);
    }
    List<Hint> out = new ArrayList<>();
    byCurrency.forEach((currency, s) -> {
      if (s.failedSpend().signum() <= 0) {
        return;
      }
      BigDecimal share = fraction(s.failedSpend(), s.spend());
      String message = String.format(Locale.ROOT,
          "%s of %s spend (%s of %s) went to %d failed calls out of %d: fixing or not retrying "
              + "them would save %s",
          percent(share), currency, money(s.failedSpend(), currency), money(s.spend(), currency),
          s.failedCalls(), s.calls(), money(s.failedSpend(), currency));
      out.add(new Hint(Hint.Kind.FAILED_CALLS, null, currency, s.failedSpend(), share, message,
          evidence("failed_calls", BigDecimal.valueOf(s.failedCalls()), "calls",
              BigDecimal.valueOf(s.calls()), "failed_spend", s.failedSpend(), "spend",
              s.spend())));
    });
    return out;
  }

  /** Renders hints: kind, tag, currency, saving, share, message and the evidence. */
  public static String render(List<Hint> hints, ReportFormat format) {
    ReportTable t = new ReportTable()
        .column("kind", "kind", true)
        .column("tag", "tag", true)
        .column("currency", "cur", true)
        .column("saving", "saving", true)
        .column("share", "share", true)
        .column("message", "hint", true)
        .column("evidence", "evidence", false);
    for (Hint h : hints) {
      String evidence = h.evidence().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue().stripTrailingZeros().toPlainString())
          .collect(Collectors.joining("; "));
      t.row(Arrays.asList(h.kind().label, h.tag(), h.currency(), h.saving(),
          h.share().doubleValue(), h.message(), evidence));
    }
    return t.render(format);
  }

  /** {@code part / whole}, 4 digits half-even; zero when the whole is zero. */
  static BigDecimal fraction(BigDecimal part, BigDecimal whole) {
    return whole.signum() == 0 ? BigDecimal.ZERO.setScale(4)
        : part.divide(whole, 4, RoundingMode.HALF_EVEN);
  }

  private static String percent(BigDecimal share) {
    return share.movePointRight(2).setScale(2, RoundingMode.UNNECESSARY).toPlainString() + "%";
  }

  private static String money(BigDecimal amount, String currency) {
    return currency + " " + ReportTable.amount(amount);
  }

  private static SequencedMap<String, BigDecimal> evidence(Object... namesAndValues) {
    SequencedMap<String, BigDecimal> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], (BigDecimal) namesAndValues[i + 1]);
    }
    return m;
  }
}
