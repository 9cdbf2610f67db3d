package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.ModelConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model names, aliases, pattern aliases and wildcard routes resolved by {@link Router}. */
class RouterTest {

  private static Route route(String name) {
    return new Route(name, ModelConfig.Kind.CHAT, List.of(new ScriptedUpstream(name + "-d")));
  }

  private static Router router(Map<String, String> aliases) {
    return Router.of(List.of(route("gpt-4o"), route("gpt-4o-mini"), route("claude-sonnet-4-5"),
        route("openai/*"), route("anthropic/*")), aliases);
  }

  private static Map<String, String> aliases(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void anExactAliasResolvesToItsModel() {
    Router r = router(aliases("smart", "gpt-4o", "cheap", "gpt-4o-mini"));
    assertThat(r.canonical("smart")).isEqualTo("gpt-4o");
    assertThat(r.route("cheap").orElseThrow().name()).isEqualTo("gpt-4o-mini");
    assertThat(r.canonical("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(r.route("unknown")).isEmpty();
    assertThat(r.canonical("unknown")).isEqualTo("unknown");
    assertThat(r.aliases()).containsExactly(Map.entry("smart", "gpt-4o"),
        Map.entry("cheap", "gpt-4o-mini"));
  }

  @Test
  void aPatternAliasOnAWildcardRouteKeepsTheNameAsTheModelId() {
    Router r = router(aliases("gpt-*", "openai/*", "claude-*", "anthropic/*"));
    assertThat(r.canonical("gpt-4.1")).isEqualTo("openai/gpt-4.1");
    assertThat(r.route("gpt-4.1").orElseThrow().name()).isEqualTo("openai/*");
    assertThat(r.canonical("claude-opus-4-1")).isEqualTo("anthropic/claude-opus-4-1");
    // a configured model wins over a pattern that also matches it
    assertThat(r.canonical("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(r.canonical("claude-sonnet-4-5")).isEqualTo("claude-sonnet-4-5");
    // pattern aliases are not listed
    assertThat(r.aliases()).isEmpty();
  }

  @Test
  void theLongestPrefixWinsAndVendorNamesAreNotCaptured() {
    Router r = router(aliases("gpt-*", "openai/*", "gpt-4o-*", "gpt-4o-mini", "o*", "gpt-4o"));
    assertThat(r.canonical("gpt-4o-2024-08-06")).isEqualTo("gpt-4o-mini");
    assertThat(r.canonical("gpt-5")).isEqualTo("openai/gpt-5");
    // "openai/gpt-5" starts with "o" but names the openai/* route itself
    assertThat(r.canonical("openai/gpt-5")).isEqualTo("openai/gpt-5");
    assertThat(r.canonical("o3")).isEqualTo("gpt-4o");
  }

  @Test
  void badAliasesAreRefused() {
    assertThatThrownBy(() -> router(aliases("gpt-4o", "gpt-4o-mini")))
        .hasMessageContaining("'gpt-4o' is also a model name");
    assertThatThrownBy(() -> router(aliases("smart", "gpt-5")))
        .hasMessageContaining("'smart' -> 'gpt-5'")
        .hasMessageContaining("expected: a configured model name");
    assertThatThrownBy(() -> router(aliases("default", "openai/*")))
        .hasMessageContaining("only a pattern alias ending in '*' may name a wildcard route");
  }
}
