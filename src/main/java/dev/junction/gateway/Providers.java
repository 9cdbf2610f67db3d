package dev.junction.gateway;

import dev.junction.provider.Provider;
import dev.junction.provider.openai.OpenAiProvider;
import dev.junction.provider.openai.OpenAiVendor;
import dev.junction.provider.anthropic.AnthropicProvider;
import dev.junction.provider.gemini.GeminiProvider;
import dev.junction.simulator.SimulatorProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The providers Junction knows by name. Immutable and thread-safe.
 */
final class Providers {

  private final Map<String, Provider> byName;

  private Providers(Map<String, Provider> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** Every built-in provider. */
  static Providers builtIn() {
    Map<String, Provider> m = new LinkedHashMap<>();
    for (OpenAiVendor v : OpenAiVendor.BUILT_IN) {
      OpenAiProvider p = OpenAiProvider.of(v);
      m.put(v.name(), p);
      v.aliases().forEach(a -> m.put(a, p));
    }
    m.put("simulator", new SimulatorProvider());
    m.put("gemini", new GeminiProvider());
    m.put("anthropic", new AnthropicProvider());
    m.put("google", m.get("gemini"));
    return new Providers(m);
  }

  /** This registry plus {@code provider} (replacing one of the same name). */
  Providers with(Provider provider) {
    Map<String, Provider> m = new LinkedHashMap<>(byName);
    m.put(provider.name(), provider);
    return new Providers(m);
  }

  Optional<Provider> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Names accepted in {@code provider:}. */
  List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
