package dev.junction.ledger;

import java.util.Locale;

/** How a report is printed. */
public enum ReportFormat {
  /** Aligned columns for a terminal, with per-currency totals. */
  TABLE,
  /** RFC 4180 CSV with a header row, every column, no totals. */
  CSV,
  /** A JSON object: {@code rows} and {@code totals}; costs are exact decimal strings. */
  JSON;

  /**
   * Parses {@code table}, {@code csv} or {@code json}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static ReportFormat parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--format: '" + text + "' (expected: table, csv or json)");
    }
  }
}
