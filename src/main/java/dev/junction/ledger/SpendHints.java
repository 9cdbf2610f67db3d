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
 * Optimisation hints for a time window: pure functions of per-key sums (per tag, provider, model
 * and currency: {@link HintTable.Cell}) and a price catalogue, no state. From a store, whole UTC
 * days come from the daily hint facts the writer keeps ({@code ledger_hint}, V5) and partial days
 * from raw entries, so a 7-day window costs a few thousand fact rows instead of every raw row.
 *
 * <ul>
 *   <li>{@link Hint.Kind#SMALL_PROMPTS_ON_EXPENSIVE_MODEL}: per tag, per model with a cheaper
 *       sibling in {@link #CHEAPER}, the spend on successful calls with fewer than {@value
 *       #SMALL_PROMPT_TOKENS} prompt tokens, and what their tokens (summed per kind) would have
 *       cost on the cheaper model at the catalogue's prices, rounded half-even to {@value
 *       Spend#SCALE} digits once. Emitted when that is cheaper. Calls
 *       answered from the gateway's cache, failed calls and unpriced calls are left out; a group
 *       with a token kind the cheaper model has no price for is skipped rather than guessed.
 *   <li>{@link Hint.Kind#REPEATED_PROMPTS}: per currency, the successful calls whose {@link
 *       LedgerEntry#promptHash()} equals that of a successful call at most {@link #REPEAT_WINDOW}
 *       before, also one before the window (a response cache with that lifetime would have
 *       answered them), as a share of the successful calls with a fingerprint; the saving is
 *       what those repeats cost. For whole days the writer found the repeats against its bounded
 *       window of recent fingerprints ({@link RepeatWindow}; approximations in docs/LEDGER.md).
 *   <li>{@link Hint.Kind#FAILED_CALLS}: per currency, the spend on calls the client saw fail
 *       ({@link LedgerEntry#isError()}), as a share of all spend in that currency.
 * </ul>
 *
 * Shares are rounded half-even to 4 digits. Amounts in different currencies are never mixed.
 * Hints are ordered by currency, then saving (highest first). Stateless and thread-safe; {@link
 * #of(LedgerStore, Instant, Instant)} blocks on the database.
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

  /**
   * The hints for the calls with {@code from <= time < to}, at the built-in prices: whole UTC
   * days from the daily hint facts the writer keeps, partial days at either end from raw entries.
   * A call counts as a repeat when its fingerprint was seen at most {@link #REPEAT_WINDOW} before,
   * also before {@code from}.
   */
  public static List<Hint> of(LedgerStore store, Instant from, Instant to) {
    requireNonNull(store, "store");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("--to: " + to + " (expected: after --from " + from + ")");
    }
    if (store instanceof JdbcLedgerStore jdbc) {
      return fromFacts(jdbc.hintFacts(from, to), PriceCatalogue.builtIn());
    }
    return fromEntries(store.entries(from.minus(REPEAT_WINDOW), to), from,
        PriceCatalogue.builtIn());
  }

  /**
   * The hints for {@code entries}, pricing alternatives from {@code prices}. Repeats are found
   * among the entries only.
   */
  public static List<Hint> of(List<LedgerEntry> entries, PriceCatalogue prices) {
    requireNonNull(entries, "entries");
    requireNonNull(prices, "prices");
    return fromFacts(HintTable.ordered(HintTable.sum(entries,
        HintTable.repeats(entries, RepeatWindow.unbounded())).values()), prices);
  }

  /**
   * The hints for the entries at or after {@code from}; the earlier ones (the repeat window
   * before {@code from}) are only looked at to find repeats.
   */
  static List<Hint> fromEntries(List<LedgerEntry> entries, Instant from, PriceCatalogue prices) {
    boolean[] repeats = HintTable.repeats(entries, RepeatWindow.unbounded());
    List<LedgerEntry> in = new ArrayList<>();
    List<Boolean> flags = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!entries.get(i).time().isBefore(from)) {
        in.add(entries.get(i));
        flags.add(repeats[i]);
      }
    }
    boolean[] inRepeats = new boolean[in.size()];
    for (int i = 0; i < inRepeats.length; i++) {
      inRepeats[i] = flags.get(i);
    }
    return fromFacts(HintTable.ordered(HintTable.sum(in, inRepeats).values()), prices);
  }

  /** The hints for summed facts (one cell per tag, provider, model and currency). */
  static List<Hint> fromFacts(List<HintTable.Cell> cells, PriceCatalogue prices) {
    List<Hint> out = new ArrayList<>();
    out.addAll(smallPrompts(cells, prices));
    out.addAll(repeatedPrompts(cells));
    out.addAll(failedCalls(cells));
    out.sort(Comparator.comparing(Hint::currency)
        .thenComparing(Hint::saving, Comparator.reverseOrder())
        .thenComparing(Hint::kind)
        .thenComparing(h -> Objects.requireNonNullElse(h.tag(), "")));
    return List.copyOf(out);
  }

  /** Where a group of calls spends: tag (null: untagged), currency. */
  private record TagKey(@Nullable String tag, String currency) {}

  private static List<Hint> smallPrompts(List<HintTable.Cell> cells, PriceCatalogue prices) {
    Map<TagKey, Long> tagSpend = new HashMap<>();
    for (HintTable.Cell c : cells) {
      tagSpend.merge(new TagKey(c.key.tag(), c.key.currency()), c.sum[HintTable.COST],
          Math::addExact);
    }
    List<Hint> out = new ArrayList<>();
    for (HintTable.Cell cell : cells) {
      HintTable.Key k = cell.key;
      long calls = cell.sum[HintTable.SMALL];
      if (calls == 0 || k.provider() == null) {
        continue;
      }
      Cheaper cheaper = null;
      for (Cheaper c : CHEAPER) {
        if (c.matches(k.provider(), k.model())) {
          cheaper = c;
          break;
        }
      }
      if (cheaper == null) {
        continue;
      }
      Optional<ModelPrice> price = prices.lookup(k.provider(), cheaper.cheaper());
      if (price.isEmpty() || !price.get().currency().equals(k.currency())) {
        continue;
      }
      // every call had fewer than SMALL_PROMPT_TOKENS prompt tokens: price their tokens at the
      // tier such a prompt is in, not at the tier of the summed prompt tokens
      Cost c = CostCalculator.cost(price.get(), TokenKind.usage(Arrays.copyOfRange(cell.sum,
          HintTable.SMALL_TOKENS, HintTable.SMALL_TOKENS + TokenKind.ALL.size()), false), 0);
      if (!c.complete()) {
        continue; // a token kind the cheaper model has no price for: no honest estimate
      }
      BigDecimal spent = Spend.fromNanos(cell.sum[HintTable.SMALL_COST]);
      BigDecimal alternative = Spend.exact(c.total(), "alternative");
      BigDecimal saving = spent.subtract(alternative);
      if (saving.signum() <= 0) {
        continue;
      }
      BigDecimal total = Spend.fromNanos(tagSpend.get(new TagKey(k.tag(), k.currency())));
      BigDecimal share = fraction(spent, total);
      String ratio = alternative.signum() == 0 ? ""
          : " (1/" + spent.divide(alternative, 0, RoundingMode.HALF_EVEN).toPlainString() + ")";
      String message = String.format(Locale.ROOT,
          "%s spends %s of its %s spend on %s/%s for prompts under %d tokens (%d calls, %s); "
              + "%s would cost %s%s: saving %s",
          k.tag() == null ? "untagged traffic" : "tag " + k.tag(), percent(share), k.currency(),
          k.provider(), k.model(), SMALL_PROMPT_TOKENS, calls, money(spent, k.currency()),
          cheaper.cheaper(), money(alternative, k.currency()), ratio,
          money(saving, k.currency()));
      out.add(new Hint(Hint.Kind.SMALL_PROMPTS_ON_EXPENSIVE_MODEL, k.tag(), k.currency(), saving,
          share, message, evidence("calls", BigDecimal.valueOf(calls), "spend", spent,
              "tag_spend", total, "alternative_cost", alternative)));
    }
    return out;
  }

  /** Per-currency sums of one column group. */
  private static Map<String, long[]> byCurrency(List<HintTable.Cell> cells, int... columns) {
    Map<String, long[]> out = new TreeMap<>();
    for (HintTable.Cell c : cells) {
      long[] s = out.computeIfAbsent(c.key.currency(), x -> new long[columns.length]);
      for (int i = 0; i < columns.length; i++) {
        s[i] = Math.addExact(s[i], c.sum[columns[i]]);
      }
    }
    return out;
  }

  private static List<Hint> repeatedPrompts(List<HintTable.Cell> cells) {
    List<Hint> out = new ArrayList<>();
    byCurrency(cells, HintTable.HASHED, HintTable.REPEATS, HintTable.REPEAT_COST)
        .forEach((currency, r) -> {
          long calls = r[0];
          long repeats = r[1];
          BigDecimal saving = Spend.fromNanos(r[2]);
          if (repeats == 0 || saving.signum() <= 0) {
            return;
          }
          BigDecimal share = fraction(BigDecimal.valueOf(repeats), BigDecimal.valueOf(calls));
          String message = String.format(Locale.ROOT,
              "%s of %s calls (%d of %d) repeat a prompt answered within %d minutes before: "
                  + "caching would save %s",
              percent(share), currency, repeats, calls, REPEAT_WINDOW.toMinutes(),
              money(saving, currency));
          out.add(new Hint(Hint.Kind.REPEATED_PROMPTS, null, currency, saving, share, message,
              evidence("repeats", BigDecimal.valueOf(repeats), "calls",
                  BigDecimal.valueOf(calls), "repeat_spend", saving)));
        });
    return out;
  }

  private static List<Hint> failedCalls(List<HintTable.Cell> cells) {
    List<Hint> out = new ArrayList<>();
    byCurrency(cells, HintTable.CALLS, HintTable.FAILED, HintTable.COST, HintTable.FAILED_COST)
        .forEach((currency, s) -> {
          BigDecimal spend = Spend.fromNanos(s[2]);
          BigDecimal failedSpend = Spend.fromNanos(s[3]);
          if (failedSpend.signum() <= 0) {
            return;
          }
          BigDecimal share = fraction(failedSpend, spend);
          String message = String.format(Locale.ROOT,
              "%s of %s spend (%s of %s) went to %d failed calls out of %d: fixing or not "
                  + "retrying them would save %s",
              percent(share), currency, money(failedSpend, currency), money(spend, currency),
              s[1], s[0], money(failedSpend, currency));
          out.add(new Hint(Hint.Kind.FAILED_CALLS, null, currency, failedSpend, share, message,
              evidence("failed_calls", BigDecimal.valueOf(s[1]), "calls",
                  BigDecimal.valueOf(s[0]), "failed_spend", failedSpend, "spend", spend)));
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
