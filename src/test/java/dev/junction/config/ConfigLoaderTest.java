package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.routing.RoutingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private final ConfigLoader loader =
      ConfigLoader.withEnv(Map.of("OPENAI_API_KEY", "sk-from-env", "REGION", "eu"));

  @Test
  void readsTheRoutingSectionWithEnvReferencesInsideLists() {
    GatewayConfig c = ConfigLoader.withEnv(Map.of("BACKUP", "claude", "WAIT", "12s")).parse("""
        routing:
          strategy: least-in-flight
          retry: {max-attempts: 4, max-wait: "${WAIT}"}
          fallbacks:
            gpt: ["${BACKUP}", "${LAST:-gemini}"]
          context-windows: {gpt: 128_000}
        """);
    RoutingConfig r = c.routing();
    assertThat(r.strategy()).isEqualTo(RoutingConfig.Strategy.LEAST_IN_FLIGHT);
    assertThat(r.retry().maxAttempts()).isEqualTo(4);
    assertThat(r.retry().maxWait()).isEqualTo(Duration.ofSeconds(12));
    assertThat(r.fallbacks()).containsEntry("gpt", List.of("claude", "gemini"));
    assertThat(r.contextWindows()).containsEntry("gpt", 128_000L);
    assertThat(loader.parse("").routing()).isEqualTo(RoutingConfig.defaults());
  }

  @Test
  void readsAliasesAndRefusesClashingOnes() {
    GatewayConfig c = ConfigLoader.withEnv(Map.of("ALIAS", "smart")).parse("""
        models:
          - name: gpt-4o
            aliases: ["${ALIAS}", default]
            deployments: [{provider: openai, model: gpt-4o}]
          - name: openai/*
            aliases: [gpt-*]
            deployments: [{provider: openai, model: "*"}]
        """);
    assertThat(c.models().get(0).aliases()).containsExactly("smart", "default");
    assertThat(c.aliases()).containsExactly(Map.entry("smart", "gpt-4o"),
        Map.entry("default", "gpt-4o"), Map.entry("gpt-*", "openai/*"));
    assertThatThrownBy(() -> loader.parse("""
        models:
          - {name: a, aliases: [x], deployments: [{provider: openai, model: a}]}
          - {name: b, aliases: [x], deployments: [{provider: openai, model: b}]}
        """)).hasMessage("models[b].aliases: 'x' is already an alias of 'a' (expected: unique"
            + " names)");
    assertThatThrownBy(() -> loader.parse("""
        models:
          - {name: a, aliases: [b], deployments: [{provider: openai, model: a}]}
          - {name: b, deployments: [{provider: openai, model: b}]}
        """)).hasMessage("models[a].aliases: 'b' is already a model name (expected: unique"
            + " names)");
    assertThatThrownBy(() -> loader.parse("""
        models:
          - {name: a, aliases: ["g*t"], deployments: [{provider: openai, model: a}]}
        """)).hasMessageContaining("models[0].aliases: 'g*t' (expected: another name for the"
            + " model, a '*' only at its end)");
  }

  @Test
  void readsVendorLimitsAndPacing() {
    GatewayConfig c = loader.parse("""
        models:
          - name: paced
            pacing: {max-wait: 5s}
            deployments:
              - {provider: openai, model: gpt-4o, limits: {rpm: 500, tpm: 300_000}}
              - {provider: openai, model: gpt-4o-mini}
        """);
    ModelConfig m = c.models().get(0);
    assertThat(m.pacingMaxWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(m.deployments().get(0).limits())
        .isEqualTo(new DeploymentConfig.Limits(500, 300_000));
    assertThat(m.deployments().get(1).limits()).isEqualTo(DeploymentConfig.Limits.NONE);
    assertThat(loader.parse("models: [{name: x, deployments: [{provider: simulator}]}]")
        .models().get(0).pacingMaxWait()).isEqualTo(ModelConfig.DEFAULT_PACING_MAX_WAIT);
    assertThatThrownBy(() -> loader.parse(
        "models: [{name: x, deployments: [{provider: openai, model: m, limits: {rpm: -1}}]}]"))
        .hasMessage("models[0].deployments[0].limits.rpm: -1 (expected: >= 0)");
    assertThatThrownBy(() -> loader.parse(
        "models: [{name: x, deployments: [{provider: openai, model: m, limits: {rps: 1}}]}]"))
        .hasMessage("models[0].deployments[0].limits.rps: unknown key (expected one of: rpm,"
            + " tpm)");
    assertThatThrownBy(() -> loader.parse(
        "models: [{name: x, pacing: {max-wait: -1s}, deployments: [{provider: simulator}]}]"))
        .hasMessage("models[0].pacing.max-wait: -1s (expected: >= 0)");
  }

  @Test
  void routingErrorsNameTheirKeyPath() {
    assertThatThrownBy(() -> loader.parse("routing: {fallbacks: {gpt: [\"${MISSING}\"]}}"))
        .hasMessage("routing.fallbacks.gpt[0]: ${MISSING} (expected: environment variable"
            + " MISSING to be set)");
    assertThatThrownBy(() -> loader.parse("routing: {retry: {max-attempts: many}}"))
        .hasMessage("routing.retry.max-attempts: many (expected: an integer)");
    assertThatThrownBy(() -> loader.parse("routing: {strategy: fastest}"))
        .hasMessage("routing.strategy: fastest (expected: weighted, least-in-flight or"
            + " lowest-latency)");
    assertThatThrownBy(() -> loader.parse("routing: {retries: 3}"))
        .hasMessageStartingWith("routing.retries: unknown key (expected one of: strategy,");
  }

  @Test
  void emptyConfigGivesDefaults() {
    GatewayConfig c = loader.parse("");
    assertThat(c.server().port()).isEqualTo(ServerConfig.DEFAULT_PORT);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.models()).isEmpty();
    assertThat(c.providersFromEnv()).isTrue();
  }

  @Test
  void readsTheDocumentedShapeWithEnvInterpolation() {
    GatewayConfig c = loader.parse("""
        server:
          port: 4100
          max-body-size: 2mb
        models:
          - name: fast
            deployments:
              - provider: openai
                model: gpt-4o-mini
                base-url: https://${REGION}.example.com/v1
                api-key: ${OPENAI_API_KEY}
                weight: 3
                timeouts: {connect: 2s, first-token: 30s}
              - provider: openai
                model: gpt-4o-mini
                api-key: ${MISSING:-fallback-key}
        """);
    assertThat(c.server().port()).isEqualTo(4100);
    assertThat(c.server().maxBodyBytes()).isEqualTo(2L * 1024 * 1024);
    DeploymentConfig d = c.models().get(0).deployments().get(0);
    assertThat(d.baseUrl()).isEqualTo("https://eu.example.com/v1");
    assertThat(d.apiKey().reveal()).isEqualTo("sk-from-env");
    assertThat(d.apiKey().toString()).doesNotContain("sk-from-env");
    assertThat(d.weight()).isEqualTo(3);
    assertThat(d.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.timeouts().idle()).isEqualTo(Timeouts.DEFAULT_IDLE);
    assertThat(d.id()).isEqualTo("openai/gpt-4o-mini");
    DeploymentConfig second = c.models().get(0).deployments().get(1);
    assertThat(second.id()).isEqualTo("openai/gpt-4o-mini#2");
    assertThat(second.apiKey().reveal()).isEqualTo("fallback-key");
  }

  @Test
  void errorsNameTheKeyTheValueAndTheExpectation() {
    assertThatThrownBy(() -> loader.parse("""
        models:
          - name: x
            deployments:
              - provider: openai
                model: m
                timeouts: {total: -5s}
        """)).hasMessage("models[0].deployments[0].timeouts.total: -5s (expected: > 0)");
    assertThatThrownBy(() -> loader.parse("server: {port: 70000}"))
        .hasMessage("server.port: 70000 (expected: 0..65535)");
    assertThat(loader.parse("ledger: {repeat-fingerprints: 1000}").ledger().repeatFingerprints())
        .isEqualTo(1000);
    assertThatThrownBy(() -> loader.parse("ledger: {repeat-fingerprints: 0}"))
        .hasMessageContaining("ledger.repeat-fingerprints: 0 (expected: >= 1)");
    assertThatThrownBy(() -> loader.parse("server: {prot: 1}"))
        .hasMessageStartingWith("server.prot: unknown key");
    assertThatThrownBy(() -> loader.parse("""
        models:
          - name: x
            deployments:
              - provider: openai
                model: m
                api-key: ${NOPE}
        """)).hasMessage("models[0].deployments[0].api-key: ${NOPE} "
            + "(expected: environment variable NOPE to be set)");
    assertThatThrownBy(() -> loader.parse("models: [{name: x, deployments: []}]"))
        .hasMessageContaining("deployments").hasMessageContaining("at least one");
    assertThatThrownBy(() -> loader.parse("""
        models:
          - {name: x, deployments: [{provider: simulator}]}
          - {name: x, deployments: [{provider: simulator}]}
        """)).hasMessageContaining("'x' is defined twice");
    assertThatThrownBy(() -> loader.parse("server: {port: abc}"))
        .hasMessage("server.port: abc (expected: an integer)");
  }

  @Test
  void simulatorDeploymentsDefaultTheirModelAndKeepTheirOptions() {
    GatewayConfig c = loader.parse("""
        models:
          - name: demo
            deployments:
              - provider: simulator
                simulator: {seed: 7, first-token: 100ms}
        """);
    DeploymentConfig d = c.models().get(0).deployments().get(0);
    assertThat(d.model()).isEqualTo("demo");
    assertThat(d.options().get("seed").asInt()).isEqualTo(7);
    assertThat(d.options().get("first-token").asText()).isEqualTo("100ms");
  }

  @Test
  void durationsAndSizes() {
    assertThat(ConfigValues.parseDuration("k", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ConfigValues.parseDuration("k", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(ConfigValues.parseDuration("k", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ConfigValues.parseDuration("k", "3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(ConfigValues.parseBytes("k", "512kb")).isEqualTo(512 * 1024);
    assertThatThrownBy(() -> ConfigValues.parseDuration("a.b", "soon"))
        .hasMessage("a.b: 'soon' (expected: a duration such as 250ms, 5s, 2m, 1h)");
  }

  @Test
  void theAuthSectionHoldsTheMasterKeyTheStoreAndTheBudgetDefaults() {
    GatewayConfig d = loader.parse("");
    assertThat(d.auth()).isEqualTo(AuthConfig.DEFAULTS);
    assertThat(d.auth().store()).isEqualTo(java.nio.file.Path.of("junction-data", "junction.db"));
    assertThat(d.masterKey()).isNull();
    GatewayConfig c = ConfigLoader.withEnv(Map.of("MK", "mk-1")).parse("""
        auth:
          master-key: ${MK}
          store: /tmp/keys.db
          threshold-webhook: https://hooks.example.com/b
          fallback-max-output-tokens: 4096
          assumed-output-tokens: 0
        """);
    assertThat(c.masterKey().reveal()).isEqualTo("mk-1");
    assertThat(c.auth().store()).isEqualTo(java.nio.file.Path.of("/tmp/keys.db"));
    assertThat(c.auth().thresholdWebhook()).hasToString("https://hooks.example.com/b");
    assertThat(c.auth().fallbackMaxOutputTokens()).isEqualTo(4096);
    assertThat(c.auth().assumedOutputTokens()).isZero();
    assertThat(loader.parse("auth: {store: memory}").auth().store()).isNull();
    // the environment variable and the older admin.master-key still work
    assertThat(ConfigLoader.withEnv(Map.of("JUNCTION_MASTER_KEY", "mk-env")).parse("")
        .masterKey().reveal()).isEqualTo("mk-env");
    assertThat(loader.parse("admin: {master-key: mk-old}").masterKey().reveal())
        .isEqualTo("mk-old");
  }

  @Test
  void authErrorsNameTheKey() {
    assertThatThrownBy(() -> loader.parse("auth: {stor: x}"))
        .hasMessageStartingWith("auth.stor: unknown key");
    assertThatThrownBy(() -> loader.parse("auth: {threshold-webhook: ftp://x}"))
        .hasMessage("auth.threshold-webhook: ftp://x (expected: an http or https URL)");
    assertThatThrownBy(() -> loader.parse("auth: {fallback-max-output-tokens: 0}"))
        .hasMessage("auth.fallback-max-output-tokens: 0 (expected: >= 1)");
    assertThatThrownBy(() -> loader.parse("auth: {assumed-output-tokens: -1}"))
        .hasMessage("auth.assumed-output-tokens: -1 (expected: >= 0)");
    assertThatThrownBy(() -> loader.parse("""
        admin: {master-key: a}
        auth: {master-key: b}
        """)).hasMessageStartingWith("admin.master-key: set together with auth.master-key");
  }
}
