package dev.junction.simulator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.ConfigValues;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * How a simulator deployment behaves, read from its {@code options:} (YAML keys in kebab-case).
 * Every field has a named default; the defaults answer at once and never fail, so tests and
 * benchmarks are fast and quiet. A demo config sets visible pacing, for instance:
 *
 * <pre>{@code
 * - provider: simulator
 *   model: fast
 *   options: {latency: 300ms, first-token: 200ms, tokens-per-second: 40, error-rate-429: 0.05}
 * }</pre>
 *
 * <ul>
 *   <li>{@code seed}: makes answers and injected failures reproducible;
 *   <li>{@code latency}: time to a whole (non-streamed) answer or embedding;
 *   <li>{@code first-token}: time from {@code ChatStream.start} to the first stream chunk;
 *   <li>{@code tokens-per-second}: stream pacing after the first chunk, approximate (timer
 *       resolution is 1 ms); 0 emits as fast as the event loop allows;
 *   <li>{@code output-tokens}: length of an answer in tokens (capped by the request's max tokens,
 *       which then ends it with {@code LENGTH});
 *   <li>{@code reasoning-tokens}: length of the reasoning emitted before the answer when the
 *       request enables reasoning and {@code reasoning} is true;
 *   <li>{@code error-rate-429}, {@code error-rate-500}, {@code timeout-rate}, {@code drop-rate}:
 *       probabilities (summing to at most 1) that a call is refused with 429 (with {@code
 *       retry-after}), fails with 500, never answers, or breaks its connection ({@code drop-after}
 *       chunks into a stream);
 *   <li>{@code tool-calls}: answer requests that offer tools with a call whose arguments fit the
 *       tool's JSON schema;
 *   <li>{@code context-window}: prompts estimated above this many tokens are refused with 400
 *       {@code context_length_exceeded};
 *   <li>{@code embedding-dimensions}: vector size when the request names none;
 *   <li>{@code cache-read-ratio}: fraction of the input reported as read from a prompt cache.
 * </ul>
 *
 * <p>Immutable and thread-safe. The constructor validates every field; messages name the key,
 * the value and what was expected ({@code simulator.latency: -5ms (expected: >= 0)}).
 */
public record SimulatorConfig(
    long seed,
    Duration latency,
    Duration firstToken,
    double tokensPerSecond,
    int outputTokens,
    int reasoningTokens,
    double errorRate429,
    double errorRate500,
    double timeoutRate,
    double dropRate,
    int dropAfter,
    Duration retryAfter,
    boolean toolCalls,
    boolean reasoning,
    long contextWindow,
    int embeddingDimensions,
    double cacheReadRatio) {

  public static final long DEFAULT_SEED = 42;
  public static final Duration DEFAULT_LATENCY = Duration.ZERO;
  public static final Duration DEFAULT_FIRST_TOKEN = Duration.ZERO;
  /** 0: stream as fast as the event loop allows. */
  public static final double DEFAULT_TOKENS_PER_SECOND = 0;
  public static final int DEFAULT_OUTPUT_TOKENS = 24;
  public static final int DEFAULT_REASONING_TOKENS = 12;
  public static final double DEFAULT_ERROR_RATE_429 = 0;
  public static final double DEFAULT_ERROR_RATE_500 = 0;
  public static final double DEFAULT_TIMEOUT_RATE = 0;
  public static final double DEFAULT_DROP_RATE = 0;
  public static final int DEFAULT_DROP_AFTER = 5;
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  public static final boolean DEFAULT_TOOL_CALLS = true;
  public static final boolean DEFAULT_REASONING = true;
  public static final long DEFAULT_CONTEXT_WINDOW = 128_000;
  public static final int DEFAULT_EMBEDDING_DIMENSIONS = 256;
  public static final double DEFAULT_CACHE_READ_RATIO = 0;
  /** Largest embedding a request or the config may ask for. */
  public static final int MAX_EMBEDDING_DIMENSIONS = 65_536;

  /** Every default. */
  public static final SimulatorConfig DEFAULTS = new SimulatorConfig(DEFAULT_SEED,
      DEFAULT_LATENCY, DEFAULT_FIRST_TOKEN, DEFAULT_TOKENS_PER_SECOND, DEFAULT_OUTPUT_TOKENS,
      DEFAULT_REASONING_TOKENS, DEFAULT_ERROR_RATE_429, DEFAULT_ERROR_RATE_500,
      DEFAULT_TIMEOUT_RATE, DEFAULT_DROP_RATE, DEFAULT_DROP_AFTER, DEFAULT_RETRY_AFTER,
      DEFAULT_TOOL_CALLS, DEFAULT_REASONING, DEFAULT_CONTEXT_WINDOW, DEFAULT_EMBEDDING_DIMENSIONS,
      DEFAULT_CACHE_READ_RATIO);

  /** The option keys, as written in YAML. */
  public static final List<String> KEYS = List.of("seed", "latency", "first-token",
      "tokens-per-second", "output-tokens", "reasoning-tokens", "error-rate-429",
      "error-rate-500", "timeout-rate", "drop-rate", "drop-after", "retry-after", "tool-calls",
      "reasoning", "context-window", "embedding-dimensions", "cache-read-ratio");

  static final String PREFIX = "simulator.";

  public SimulatorConfig {
    notNegative("latency", latency);
    notNegative("first-token", firstToken);
    notNegative("retry-after", retryAfter);
    if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
      throw invalid("tokens-per-second", tokensPerSecond, ">= 0");
    }
    atLeast("output-tokens", outputTokens, 0);
    atLeast("reasoning-tokens", reasoningTokens, 0);
    atLeast("drop-after", dropAfter, 0);
    atLeast("context-window", contextWindow, 1);
    atLeast("embedding-dimensions", embeddingDimensions, 1);
    if (embeddingDimensions > MAX_EMBEDDING_DIMENSIONS) {
      throw invalid("embedding-dimensions", embeddingDimensions,
          "<= " + MAX_EMBEDDING_DIMENSIONS);
    }
    probability("error-rate-429", errorRate429);
    probability("error-rate-500", errorRate500);
    probability("timeout-rate", timeoutRate);
    probability("drop-rate", dropRate);
    probability("cache-read-ratio", cacheReadRatio);
    double faults = errorRate429 + errorRate500 + timeoutRate + dropRate;
    if (faults > 1 + 1e-9) {
      throw new IllegalArgumentException("simulator: error-rate-429 + error-rate-500 + "
          + "timeout-rate + drop-rate = " + faults + " (expected: <= 1)");
    }
  }

  /**
   * Reads a deployment's {@code options}; absent keys take their defaults, a null or missing node
   * gives {@link #DEFAULTS}.
   *
   * @throws IllegalArgumentException naming the key, the value and the expectation for an
   *     unknown key, a value of the wrong type, or a value out of range
   */
  public static SimulatorConfig parse(JsonNode options) {
    requireNonNull(options, "options");
    if (options.isNull() || options.isMissingNode()) {
      return DEFAULTS;
    }
    if (!options.isObject()) {
      throw new IllegalArgumentException(
          "simulator: options " + options + " (expected: a mapping of simulator settings)");
    }
    for (Iterator<String> it = options.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(PREFIX + key
            + ": unknown option (expected one of: " + String.join(", ", KEYS) + ")");
      }
    }
    OptionReader in = new OptionReader(options);
    return new SimulatorConfig(
        in.integer("seed", DEFAULT_SEED),
        in.duration("latency", DEFAULT_LATENCY),
        in.duration("first-token", DEFAULT_FIRST_TOKEN),
        in.number("tokens-per-second", DEFAULT_TOKENS_PER_SECOND),
        in.count("output-tokens", DEFAULT_OUTPUT_TOKENS),
        in.count("reasoning-tokens", DEFAULT_REASONING_TOKENS),
        in.number("error-rate-429", DEFAULT_ERROR_RATE_429),
        in.number("error-rate-500", DEFAULT_ERROR_RATE_500),
        in.number("timeout-rate", DEFAULT_TIMEOUT_RATE),
        in.number("drop-rate", DEFAULT_DROP_RATE),
        in.count("drop-after", DEFAULT_DROP_AFTER),
        in.duration("retry-after", DEFAULT_RETRY_AFTER),
        in.bool("tool-calls", DEFAULT_TOOL_CALLS),
        in.bool("reasoning", DEFAULT_REASONING),
        in.integer("context-window", DEFAULT_CONTEXT_WINDOW),
        in.count("embedding-dimensions", DEFAULT_EMBEDDING_DIMENSIONS),
        in.number("cache-read-ratio", DEFAULT_CACHE_READ_RATIO));
  }

  private static void notNegative(String key, Duration d) {
    requireNonNull(d, key);
    if (d.isNegative()) {
      throw invalid(key, ConfigValues.formatDuration(d), ">= 0");
    }
  }

  private static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw invalid(key, value, ">= " + min);
    }
  }

  private static void probability(String key, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw invalid(key, p, "between 0 and 1");
    }
  }

  static IllegalArgumentException invalid(String key, Object value, String expected) {
    return new IllegalArgumentException(
        PREFIX + key + ": " + value + " (expected: " + expected + ")");
  }
}
