package dev.junction.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.ModelConfig;
import dev.junction.config.Secret;
import dev.junction.config.Timeouts;
import dev.junction.provider.openai.OpenAiVendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Models that need no configuration: the simulator's demo models, and the common models of each
 * vendor whose key (or base URL) is in the environment. Stateless.
 */
public final class EnvModels {

  private EnvModels() {}

  /**
   * Models made available by vendor keys in {@code env}: each vendor's common models under their
   * usual names, plus a {@code vendor/*} wildcard route that passes any model id through.
   */
  public static List<ModelConfig> fromEnv(Map<String, String> env) {
    List<ModelConfig> out = new ArrayList<>();
    for (OpenAiVendor v : OpenAiVendor.BUILT_IN) {
      String key = v.envKey() == null ? null : env.get(v.envKey());
      String base = v.envBaseUrl() == null ? null : env.get(v.envBaseUrl());
      boolean enabled = (key != null && !key.isBlank()) || (base != null && !base.isBlank());
      if (!enabled) {
        continue;
      }
      Secret secret = key == null || key.isBlank() ? null : Secret.of(key);
      for (String model : v.chatModels()) {
        out.add(new ModelConfig(model, ModelConfig.Kind.CHAT,
            List.of(DeploymentConfig.of(v.name(), model, base, secret))));
      }
      for (String model : v.embeddingModels()) {
        out.add(new ModelConfig(model, ModelConfig.Kind.EMBEDDING,
            List.of(DeploymentConfig.of(v.name(), model, base, secret))));
      }
      out.add(new ModelConfig(v.name() + "/*", ModelConfig.Kind.CHAT,
          List.of(DeploymentConfig.of(v.name(), "*", base, secret))));
    }
    native_("anthropic", env, List.of("ANTHROPIC_API_KEY"),
        List.of("claude-opus-4-1", "claude-opus-4-20250514", "claude-sonnet-4-5",
            "claude-sonnet-4-20250514",
            "claude-haiku-4-5", "claude-3-7-sonnet-latest", "claude-3-5-haiku-latest"),
        List.of(), out);
    native_("gemini", env, List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"),
        List.of("gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.0-flash",
            "gemini-3-pro-preview"),
        List.of("gemini-embedding-001"), out);
    return out;
  }

  /** A vendor with its own provider (not OpenAI-compatible): models for its first set key. */
  private static void native_(String provider, Map<String, String> env, List<String> keyVars,
      List<String> chat, List<String> embedding, List<ModelConfig> out) {
    String key = null;
    for (String v : keyVars) {
      String k = env.get(v);
      if (k != null && !k.isBlank()) {
        key = k;
        break;
      }
    }
    if (key == null) {
      return;
    }
    Secret secret = Secret.of(key);
    for (String model : chat) {
      out.add(new ModelConfig(model, ModelConfig.Kind.CHAT,
          List.of(DeploymentConfig.of(provider, model, null, secret))));
    }
    for (String model : embedding) {
      out.add(new ModelConfig(model, ModelConfig.Kind.EMBEDDING,
          List.of(DeploymentConfig.of(provider, model, null, secret))));
    }
    out.add(new ModelConfig(provider + "/*", ModelConfig.Kind.CHAT,
        List.of(DeploymentConfig.of(provider, "*", null, secret))));
  }

  /**
   * The built-in demo models, all served by the simulator: {@code simulator} (instant),
   * {@code sim-realistic} (first token after 300 ms, 40 tokens/s), {@code sim-flaky} (10% 429s,
   * 5% 500s, 5% dropped streams) and {@code sim-embedding}.
   */
  public static List<ModelConfig> simulator() {
    ObjectNode realistic = JsonNodeFactory.instance.objectNode()
        .put("latency", "400ms").put("first-token", "300ms").put("tokens-per-second", 40);
    ObjectNode flaky = JsonNodeFactory.instance.objectNode()
        .put("error-rate-429", 0.10).put("error-rate-500", 0.05).put("drop-rate", 0.05);
    return List.of(
        sim("simulator", ModelConfig.Kind.CHAT, JsonNodeFactory.instance.objectNode()),
        sim("sim-realistic", ModelConfig.Kind.CHAT, realistic),
        sim("sim-flaky", ModelConfig.Kind.CHAT, flaky),
        sim("sim-embedding", ModelConfig.Kind.EMBEDDING, JsonNodeFactory.instance.objectNode()));
  }

  private static ModelConfig sim(String name, ModelConfig.Kind kind, ObjectNode options) {
    return new ModelConfig(name, kind, List.of(new DeploymentConfig("simulator/" + name,
        "simulator", name, null, null, Map.of(), DeploymentConfig.DEFAULT_WEIGHT,
        DeploymentConfig.DEFAULT_PRIORITY, Timeouts.DEFAULTS, options)));
  }
}
