package dev.junction.ledger;

import java.util.Locale;

/** What a spend report groups by. */
public enum Dimension {
  /** {@link LedgerEntry#model()}: the upstream model, or the requested one when none served. */
  MODEL("model", "model"),
  /** The provider that served the request. */
  PROVIDER("provider", "provider"),
  /** The client key id. */
  KEY("key", "key_id"),
  /** The key's team. */
  TEAM("team", "team"),
  /** The client's feature tag. */
  TAG("tag", "tag");

  private final String label;
  final String column;

  Dimension(String label, String column) {
    this.label = label;
    this.column = column;
  }

  /** The name used on the command line and in output ({@code model}, {@code key}, …). */
  public String label() {
    return label;
  }

  /**
   * Parses a label.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Dimension parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Dimension d : values()) {
      if (d.label.equals(t)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "--by: '" + text + "' (expected: model, provider, key, team or tag)");
  }
}
