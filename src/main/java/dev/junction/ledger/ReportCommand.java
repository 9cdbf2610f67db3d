package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import dev.junction.config.Secret;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code junction report}: prints spend, top cost centres, latency or optimisation hints from a
 * ledger database.
 * Exit codes: 0 success, 1 the ledger cannot be read, 2 bad usage. Stateless.
 *
 * <pre>{@code
 * junction report --from 2025-01-01 --to 2025-01-31 --by team --period week
 * junction report top --top 10 --by key --format csv
 * junction report latency --from 2025-01-31T00:00:00Z --postgres jdbc:postgresql://db/junction
 * junction report hints --from 2025-01-01
 * }</pre>
 */
public final class ReportCommand {

  static final String USAGE = """
      Usage: junction report [spend|top|latency|hints] [options]

        spend (default)  spend and tokens per period and group, from the daily rollups
        top              the N largest cost centres over the range, per currency
        latency          p50/p95 latency and error rate per model: whole UTC days from the
                         daily latency histograms (within 5 %), partial days from raw entries
        hints            optimisation hints (cheaper models for small prompts, repeated
                         prompts, spend on failed calls): whole UTC days from the daily hint
                         facts, partial days from raw entries

      Options:
        --db PATH          SQLite ledger (default: junction-data/ledger.db)
        --postgres URL     PostgreSQL ledger, jdbc:postgresql://HOST[:PORT]/DB; user and
                           password from JUNCTION_LEDGER_USER / JUNCTION_LEDGER_PASSWORD
                           (or PGUSER / PGPASSWORD), or --user NAME
        --from DATE        first UTC day, YYYY-MM-DD, or an instant (default: 29 days before
                           --to; latency: 24 hours before --to; hints: 7 days before --to)
        --to DATE          last UTC day, included (default: today; latency and hints: now)
        --by DIM           model | provider | key | team | tag (default: model)
        --period P         day | week | month | total (default: day)
        --top N            with spend: show the top N instead (default for top: 10)
        --format F         table | csv | json (default: table)
      Costs are exact; each currency is reported and totalled on its own.
      """;

  private ReportCommand() {}

  /** Runs the command with the process environment and clock; errors go to standard error. */
  public static int run(String[] args, PrintStream out) {
    return run(args, out, System.err, System.getenv(), InstantSource.system());
  }

  /** Runs the command; {@code env} supplies the PostgreSQL credentials, {@code clock} "today". */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
      InstantSource clock) {
    requireNonNull(args, "args");
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.contains("--help") || rest.contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    Options o;
    try {
      o = Options.parse(rest, clock);
    } catch (IllegalArgumentException e) {
      err.println("junction report: " + e.getMessage());
      return 2;
    }
    LedgerStore store;
    try {
      store = o.open(env);
    } catch (IllegalArgumentException e) {
      err.println("junction report: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("junction report: cannot open the ledger: " + e.getMessage());
      return 1;
    }
    try (store) {
      out.print(o.report(store));
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("junction report: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("junction report: " + e.getMessage());
      return 1;
    }
  }

  /** The parsed command line. */
  private record Options(String kind, @Nullable String db, @Nullable String postgres,
      @Nullable String user, Instant from, Instant to, Dimension by, Period period, int top,
      ReportFormat format) {

    static Options parse(List<String> args, InstantSource clock) {
      String kind = "spend";
      if (!args.isEmpty() && !args.getFirst().startsWith("-")) {
        kind = args.removeFirst();
        if (!List.of("spend", "top", "latency", "hints").contains(kind)) {
          throw new IllegalArgumentException(
              "unknown report '" + kind + "' (expected: spend, top, latency or hints)");
        }
      }
      String db = option(args, "--db");
      String postgres = option(args, "--postgres");
      String user = option(args, "--user");
      String fromText = option(args, "--from");
      String toText = option(args, "--to");
      String byText = option(args, "--by");
      String periodText = option(args, "--period");
      String topText = option(args, "--top");
      String formatText = option(args, "--format");
      if (!args.isEmpty()) {
        throw new IllegalArgumentException("unexpected arguments " + args
            + " (see junction report --help)");
      }
      if (db != null && postgres != null) {
        throw new IllegalArgumentException("--db and --postgres: give one of them");
      }
      if (topText != null && kind.equals("spend")) {
        kind = "top";
      }
      int top = topText == null ? 10 : parseTop(topText);
      boolean latency = kind.equals("latency");
      boolean hints = kind.equals("hints");
      Instant to = toText == null
          ? (latency || hints ? clock.instant() : startOfNextDay(clock.instant()))
          : time("--to", toText, true);
      Instant from = fromText == null
          ? to.minusSeconds(latency ? 24 * 3600 : hints ? 7L * 24 * 3600 : 30L * 24 * 3600)
          : time("--from", fromText, false);
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("--to: " + toText + " (expected: after --from "
            + fromText + ")");
      }
      return new Options(kind, db, postgres, user, from, to,
          byText == null ? Dimension.MODEL : Dimension.parse(byText),
          periodText == null ? Period.DAY : Period.parse(periodText), top,
          formatText == null ? ReportFormat.TABLE : ReportFormat.parse(formatText));
    }

    LedgerStore open(Map<String, String> env) {
      if (postgres != null) {
        String url = postgres.startsWith("jdbc:") ? postgres : "jdbc:" + postgres;
        String u = user != null ? user : first(env, "JUNCTION_LEDGER_USER", "PGUSER");
        String pw = first(env, "JUNCTION_LEDGER_PASSWORD", "PGPASSWORD");
        return LedgerStore.postgres(url, u, pw == null ? null : Secret.of(pw));
      }
      Path file = db != null ? Path.of(db) : LedgerConfig.DEFAULT_PATH;
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("--db: no ledger at " + file
            + " (expected: the SQLite file junction serve writes, ledger.path)");
      }
      return LedgerStore.sqlite(file);
    }

    String report(LedgerStore store) {
      if (kind.equals("latency")) {
        return SpendReport.renderLatency(SpendReport.latency(store, from, to), format);
      }
      if (kind.equals("hints")) {
        return SpendHints.render(SpendHints.of(store, from, to), format);
      }
      LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
      LocalDate last = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
      if (kind.equals("top")) {
        SpendQuery q = new SpendQuery(first, last, by, Period.TOTAL);
        return SpendReport.render(SpendReport.top(store, first, last, by, top), q, format);
      }
      SpendQuery q = new SpendQuery(first, last, by, period);
      return SpendReport.render(SpendReport.spend(store, q), q, format);
    }

    private static int parseTop(String text) {
      try {
        int n = Integer.parseInt(text.trim());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new IllegalArgumentException("--top: '" + text + "' (expected: a number >= 1)");
    }

    /** A date is its day's start ({@code --from}) or the next day's start ({@code --to}). */
    private static Instant time(String flag, String text, boolean end) {
      try {
        if (text.length() == 10) {
          LocalDate d = LocalDate.parse(text);
          return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(flag + ": '" + text
            + "' (expected: YYYY-MM-DD or an instant such as 2025-01-31T12:00:00Z)");
      }
    }

    private static Instant startOfNextDay(Instant now) {
      return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)
          .toInstant();
    }

    private static @Nullable String first(Map<String, String> env, String a, String b) {
      String v = env.get(a);
      return v != null && !v.isEmpty() ? v : env.get(b);
    }

    private static @Nullable String option(List<String> args, String name) {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.equals(name)) {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + ": missing value");
          }
          String v = args.get(i + 1);
          args.remove(i + 1);
          args.remove(i);
          return v;
        }
        if (a.startsWith(name + "=")) {
          args.remove(i);
          return a.substring(name.length() + 1);
        }
      }
      return null;
    }
  }
}
