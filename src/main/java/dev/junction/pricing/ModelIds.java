package dev.junction.pricing;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provider-name normalisation and the model ids a lookup tries, in order (see {@link
 * PriceCatalogue}). The alias table mirrors the aliases of the built-in OpenAI-compatible vendors
 * (a test keeps them in step).
 */
final class ModelIds {

  static final Map<String, String> PROVIDER_ALIASES = Map.of(
      "dashscope", "qwen",
      "kimi", "moonshot",
      "grok", "xai",
      "zhipu", "zai",
      "glm", "zai",
      "google", "gemini");

  /** {@code -2024-08-06} (OpenAI) or {@code -20250929} (Anthropic) at the end of an id. */
  private static final Pattern DATED = Pattern.compile("^(.+)-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");
  private static final String LATEST = "-latest";

  private ModelIds() {}

  static String provider(String provider) {
    String p = provider.trim().toLowerCase(Locale.ROOT);
    return PROVIDER_ALIASES.getOrDefault(p, p);
  }

  /** The undated stem and the date of a dated id. */
  static Optional<String[]> dated(String model) {
    Matcher m = DATED.matcher(model);
    return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
  }

  /**
   * The ids to try for {@code model} at canonical provider {@code provider}, before the
   * newest-dated fallback: as given, without a provider prefix, then undated.
   */
  static SequencedSet<String> candidates(String provider, String model) {
    SequencedSet<String> out = new LinkedHashSet<>();
    out.add(model);
    String m = stripProviderPrefix(provider, model);
    out.add(m);
    if (m.endsWith(LATEST) && m.length() > LATEST.length()) {
      m = m.substring(0, m.length() - LATEST.length());
      out.add(m);
    }
    dated(m).ifPresent(d -> out.add(d[0]));
    return out;
  }

  /** {@code model} without a leading {@code provider/} (or alias) segment. */
  static String stripProviderPrefix(String provider, String model) {
    int slash = model.indexOf('/');
    if (slash > 0 && provider(model.substring(0, slash)).equals(provider)) {
      return model.substring(slash + 1);
    }
    return model;
  }
}
