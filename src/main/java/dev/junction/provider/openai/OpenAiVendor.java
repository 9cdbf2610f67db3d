package dev.junction.provider.openai;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-compatible vendor: where it lives, which environment variable holds its key, the
 * common models a set key makes available, and the quirks the encoder must respect.
 *
 * <ul>
 *   <li>{@code maxTokensField}: {@code max_completion_tokens} for OpenAI (its reasoning models
 *       reject {@code max_tokens}), {@code max_tokens} for vendors that only know that;
 *   <li>{@code streamOptions}: whether the vendor accepts {@code stream_options.include_usage}
 *       (Mistral rejects unknown fields and always sends usage anyway);
 *   <li>{@code envBaseUrl}: variable that holds the base URL instead of a key (Ollama).
 * </ul>
 */
public record OpenAiVendor(
    String name,
    List<String> aliases,
    @Nullable String defaultBaseUrl,
    @Nullable String envKey,
    @Nullable String envBaseUrl,
    List<String> chatModels,
    List<String> embeddingModels,
    String maxTokensField,
    boolean streamOptions) {

  public OpenAiVendor {
    requireNonNull(name, "name");
    aliases = List.copyOf(aliases);
    chatModels = List.copyOf(chatModels);
    embeddingModels = List.copyOf(embeddingModels);
    requireNonNull(maxTokensField, "maxTokensField");
  }

  private static final String MAX_TOKENS = "max_tokens";

  /** The built-in vendors, in the order their env variables are documented. */
  public static final List<OpenAiVendor> BUILT_IN = List.of(
      new OpenAiVendor("openai", List.of(), "https://api.openai.com/v1", "OPENAI_API_KEY", null,
          List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3",
              "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano"),
          List.of("text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"),
          "max_completion_tokens", true),
      new OpenAiVendor("moonshot", List.of("kimi"), "https://api.moonshot.ai/v1",
          "MOONSHOT_API_KEY", null,
          List.of("kimi-k2-0905-preview", "kimi-k2-turbo-preview", "kimi-k2-thinking",
              "kimi-latest", "moonshot-v1-8k", "moonshot-v1-32k", "moonshot-v1-128k"),
          List.of(), MAX_TOKENS, true),
      new OpenAiVendor("xai", List.of("grok"), "https://api.x.ai/v1", "XAI_API_KEY", null,
          List.of("grok-4", "grok-4-fast-reasoning", "grok-4-fast-non-reasoning", "grok-3",
              "grok-3-mini", "grok-code-fast-1"),
          List.of(), MAX_TOKENS, true),
      new OpenAiVendor("deepseek", List.of(), "https://api.deepseek.com", "DEEPSEEK_API_KEY", null,
          List.of("deepseek-chat", "deepseek-reasoner"), List.of(), MAX_TOKENS, true),
      new OpenAiVendor("qwen", List.of("dashscope"),
          "https://dashscope.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY", null,
          List.of("qwen-max", "qwen-plus", "qwen-turbo", "qwen-flash", "qwen3-max",
              "qwen3-coder-plus"),
          List.of("text-embedding-v3", "text-embedding-v4"), MAX_TOKENS, true),
      new OpenAiVendor("mistral", List.of(), "https://api.mistral.ai/v1", "MISTRAL_API_KEY", null,
          List.of("mistral-large-latest", "mistral-medium-latest", "mistral-small-latest",
              "codestral-latest", "ministral-8b-latest"),
          List.of("mistral-embed"), MAX_TOKENS, false),
      new OpenAiVendor("groq", List.of(), "https://api.groq.com/openai/v1", "GROQ_API_KEY", null,
          List.of("llama-3.3-70b-versatile", "llama-3.1-8b-instant", "openai/gpt-oss-120b",
              "openai/gpt-oss-20b"),
          List.of(), MAX_TOKENS, true),
      new OpenAiVendor("openrouter", List.of(), "https://openrouter.ai/api/v1",
          "OPENROUTER_API_KEY", null, List.of(), List.of(), MAX_TOKENS, true),
      new OpenAiVendor("zai", List.of("zhipu", "glm"), "https://api.z.ai/api/paas/v4",
          "ZAI_API_KEY", null, List.of("glm-4.6", "glm-4.5", "glm-4.5-air"), List.of(),
          MAX_TOKENS, true),
      new OpenAiVendor("perplexity", List.of(), "https://api.perplexity.ai", "PERPLEXITY_API_KEY",
          null, List.of("sonar", "sonar-pro", "sonar-reasoning"), List.of(), MAX_TOKENS, false),
      new OpenAiVendor("vllm", List.of(), null, null, "VLLM_BASE_URL", List.of(), List.of(),
          MAX_TOKENS, true),
      new OpenAiVendor("ollama", List.of(), "http://localhost:11434/v1", null, "OLLAMA_BASE_URL",
          List.of(), List.of(), MAX_TOKENS, true),
      new OpenAiVendor("openai-compatible", List.of("custom"), null, null, null, List.of(),
          List.of(), MAX_TOKENS, true));

  private static final Map<String, OpenAiVendor> BY_NAME = BUILT_IN.stream()
      .flatMap(v -> Stream.concat(Stream.of(v.name), v.aliases.stream())
          .map(n -> Map.entry(n, v)))
      .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  /** The vendor with this name or alias. */
  public static Optional<OpenAiVendor> forName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Names and aliases of every built-in vendor. */
  public static List<String> names() {
    return BUILT_IN.stream().map(OpenAiVendor::name).toList();
  }

  /**
   * The base URL to use: the configured one, else the vendor's default. Ollama's {@code
   * OLLAMA_BASE_URL} conventionally omits {@code /v1}; it is added.
   */
  public String resolveBaseUrl(@Nullable String configured) {
    String base = configured != null ? configured : defaultBaseUrl;
    if (base == null) {
      throw new IllegalArgumentException("base-url: missing for provider '" + name
          + "' (expected: the URL its OpenAI SDK takes, e.g. http://localhost:8000/v1)");
    }
    base = stripSlash(base);
    if (name.equals("ollama") && !base.endsWith("/v1")) {
      base = base + "/v1";
    }
    return base;
  }

  static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
