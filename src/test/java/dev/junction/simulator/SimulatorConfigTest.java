package dev.junction.simulator;

import static dev.junction.simulator.SimulatorRig.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.config.DeploymentConfig;
import dev.junction.provider.ProviderContext;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.InstantSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorConfigTest {

  @Test
  void emptyOrNullOptionsGiveTheDefaults() {
    assertThat(SimulatorConfig.parse(JsonNodeFactory.instance.objectNode()))
        .isEqualTo(SimulatorConfig.DEFAULTS);
    assertThat(SimulatorConfig.parse(JsonNodeFactory.instance.nullNode()))
        .isEqualTo(SimulatorConfig.DEFAULTS);
    assertThat(SimulatorConfig.DEFAULTS.seed()).isEqualTo(42);
    assertThat(SimulatorConfig.DEFAULTS.latency()).isZero();
    assertThat(SimulatorConfig.DEFAULTS.firstToken()).isZero();
    assertThat(SimulatorConfig.DEFAULTS.outputTokens()).isEqualTo(24);
    assertThat(SimulatorConfig.DEFAULTS.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(SimulatorConfig.DEFAULTS.embeddingDimensions()).isEqualTo(256);
  }

  @Test
  void readsEveryKebabCaseKeyFromYaml() {
    SimulatorConfig c = SimulatorConfig.parse(options("""
        seed: 7
        latency: 300ms
        first-token: 0.2s
        tokens-per-second: 40
        output-tokens: 64
        reasoning-tokens: 5
        error-rate-429: 0.1
        error-rate-500: 0.05
        timeout-rate: 0.01
        drop-rate: 0.02
        drop-after: 9
        retry-after: 3s
        tool-calls: false
        reasoning: "false"
        context-window: 8000
        embedding-dimensions: 1536
        cache-read-ratio: 0.25
        """));
    assertThat(c).isEqualTo(new SimulatorConfig(7, Duration.ofMillis(300), Duration.ofMillis(200),
        40, 64, 5, 0.1, 0.05, 0.01, 0.02, 9, Duration.ofSeconds(3), false, false, 8000, 1536,
        0.25));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "latency: -5ms            | simulator.latency: -5ms (expected: >= 0)",
    "first-token: -2s         | simulator.first-token: -2s (expected: >= 0)",
    "retry-after: -1ms        | simulator.retry-after: -1ms (expected: >= 0)",
    "latency: soon            | simulator.latency: 'soon' (expected: a duration such as 250ms, 5s, 2m, 1h)",
    "tokens-per-second: -1    | simulator.tokens-per-second: -1.0 (expected: >= 0)",
    "output-tokens: -3        | simulator.output-tokens: -3 (expected: >= 0)",
    "output-tokens: 1.5       | simulator.output-tokens: 1.5 (expected: an integer)",
    "output-tokens: 9999999999 | simulator.output-tokens: 9999999999 (expected: a 32-bit integer)",
    "drop-after: -1           | simulator.drop-after: -1 (expected: >= 0)",
    "error-rate-429: 1.5      | simulator.error-rate-429: 1.5 (expected: between 0 and 1)",
    "error-rate-500: -0.1     | simulator.error-rate-500: -0.1 (expected: between 0 and 1)",
    "timeout-rate: often      | simulator.timeout-rate: \"often\" (expected: a number)",
    "cache-read-ratio: 2      | simulator.cache-read-ratio: 2.0 (expected: between 0 and 1)",
    "context-window: 0        | simulator.context-window: 0 (expected: >= 1)",
    "embedding-dimensions: 0  | simulator.embedding-dimensions: 0 (expected: >= 1)",
    "embedding-dimensions: 70000 | simulator.embedding-dimensions: 70000 (expected: <= 65536)",
    "tool-calls: maybe        | simulator.tool-calls: \"maybe\" (expected: true or false)",
    "seed: [1]                | simulator.seed: [1] (expected: an integer)",
  })
  void rejectsBadValuesNamingKeyValueAndExpectation(String yaml, String message) {
    assertThatThrownBy(() -> SimulatorConfig.parse(options(yaml)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsUnknownKeysListingTheKnownOnes() {
    assertThatThrownBy(() -> SimulatorConfig.parse(options("latencyMs: 5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("simulator.latencyMs: unknown option (expected one of: seed, "
            + "latency, first-token,");
  }

  @Test
  void rejectsFaultRatesAddingUpToMoreThanOne() {
    assertThatThrownBy(() -> SimulatorConfig.parse(
        options("{error-rate-429: 0.5, error-rate-500: 0.3, timeout-rate: 0.2, drop-rate: 0.2}")))
        .hasMessageStartingWith("simulator: error-rate-429 + error-rate-500 + timeout-rate + "
            + "drop-rate = 1.2")
        .hasMessageEndingWith("(expected: <= 1)");
    assertThat(SimulatorConfig.parse(
        options("{error-rate-429: 0.5, error-rate-500: 0.3, timeout-rate: 0.2}")).timeoutRate())
        .isEqualTo(0.2);
  }

  @Test
  void rejectsOptionsThatAreNoMapping() {
    assertThatThrownBy(() -> SimulatorConfig.parse(options("[1, 2]")))
        .hasMessage("simulator: options [1,2] (expected: a mapping of simulator settings)");
  }

  @Test
  void providerValidatesAtCreation() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ProviderContext ctx = new ProviderContext(vertx, vertx.createHttpClient(),
          InstantSource.system(), new SplittableRandom(1));
      DeploymentConfig d = DeploymentConfig.of("simulator", "fast", null, null)
          .withOptions(options("latency: -5ms"));
      SimulatorProvider provider = new SimulatorProvider();
      assertThat(provider.name()).isEqualTo("simulator");
      assertThatThrownBy(() -> provider.create(d, ctx))
          .hasMessage("simulator.latency: -5ms (expected: >= 0)");
      assertThat(provider.create(d.withOptions(options("seed: 3")), ctx).config().seed())
          .isEqualTo(3);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
