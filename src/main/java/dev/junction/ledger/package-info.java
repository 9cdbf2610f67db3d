/**
 * The cost ledger: one {@link dev.junction.ledger.LedgerEntry} per client request (who, which
 * model, tokens by kind, exact cost, latency), written in the background to SQLite or PostgreSQL
 * together with daily rollups, latency histograms and hint facts, the spend, top-N and latency
 * reports over them, and optimisation hints ({@link dev.junction.ledger.SpendHints}).
 *
 * <p>{@link dev.junction.ledger.Ledger#record} never blocks: entries go to a bounded queue that
 * one writer thread flushes every {@code flush-interval} (default 1s) or per full batch; a full
 * queue drops and counts. Raw rows are kept for the retention (default 30 days), rollups forever.
 * Costs are stored as exact integers of nano-units (1e-9 of the currency unit), never as floating
 * point. Operator documentation: docs/LEDGER.md.
 *
 * <pre>{@code
 * try (Ledger ledger = Ledger.open(LedgerConfig.sqlite(Path.of("junction-data/ledger.db")))) {
 *   ledger.record(LedgerEntry.of(call, "key_7f3a", "search", spend, false)); // never blocks
 *   ledger.flush(Duration.ofSeconds(5));
 *   LedgerStore store = ledger.store().orElseThrow();
 *   SpendQuery q = new SpendQuery(LocalDate.now(), LocalDate.now(), Dimension.TEAM, Period.DAY);
 *   System.out.print(SpendReport.render(SpendReport.spend(store, q), q, ReportFormat.TABLE));
 * }
 * // day         team    cur  requests  errors  tokens in  tokens out  cost  avg ms
 * // ------------------------------------------------------------------------------
 * // 2025-01-31  search  USD         1       0       1200         300  0.0045     840
 * // ------------------------------------------------------------------------------
 * // 2025-01-31  TOTAL   USD         1       0       1200         300  0.0045     840
 * }</pre>
 */
@NullMarked
package dev.junction.ledger;

import org.jspecify.annotations.NullMarked;
