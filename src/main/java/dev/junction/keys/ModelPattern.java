package dev.junction.keys;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An allowed-model entry: an exact model name ({@code gpt-4o}) or a pattern whose {@code *}
 * matches any run of characters ({@code openai/*}, {@code claude-*-sonnet*}, {@code *}).
 * Matching is case-sensitive, like model names. Immutable.
 */
public record ModelPattern(String pattern) {

  public ModelPattern {
    requireNonNull(pattern, "pattern");
    if (pattern.isBlank()) {
      throw new IllegalArgumentException("model pattern must not be blank");
    }
  }

  /** Whether {@code model} matches. */
  public boolean matches(String model) {
    return glob(pattern, 0, model, 0);
  }

  private static boolean glob(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        while (pi < p.length() && p.charAt(pi) == '*') {
          pi++;
        }
        if (pi == p.length()) {
          return true;
        }
        for (int k = si; k <= s.length(); k++) {
          if (glob(p, pi, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || s.charAt(si) != c) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }

  /** Whether {@code model} is allowed by {@code patterns}: an empty list allows every model. */
  public static boolean allows(List<String> patterns, String model) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (String p : patterns) {
      if (new ModelPattern(p).matches(model)) {
        return true;
      }
    }
    return false;
  }
}
