package dev.junction.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.Reasoning;
import dev.junction.chat.ResponseFormat;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.json.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a canonical {@link ChatRequest} as a Gemini {@code GenerateContentRequest} body (REST
 * JSON, lowerCamelCase). The conversation itself is {@link Contents}' job; this class adds:
 *
 * <ul>
 *   <li>{@code tools: [{functionDeclarations: [{name, description, parametersJsonSchema}]}]}. The
 *       v1beta {@code FunctionDeclaration.parameters_json_schema} takes JSON Schema as it is
 *       ({@code additionalProperties}, {@code title} and all), so the client's schema is passed
 *       on instead of being squeezed into the OpenAPI subset of {@code parameters}; only the
 *       meta key {@code $schema} is removed.
 *   <li>{@code toolConfig.functionCallingConfig}: auto → AUTO, none → NONE, required → ANY, a
 *       named tool → ANY with {@code allowedFunctionNames: [name]}.
 *   <li>{@code generationConfig}: {@code maxOutputTokens}, {@code temperature}, {@code topP},
 *       {@code topK}, {@code stopSequences}, {@code candidateCount} (from {@code n}); structured
 *       output as {@code responseMimeType: application/json} plus {@code responseJsonSchema};
 *       reasoning as {@code thinkingConfig}: {@code thinkingBudget: 0} when switched off, else
 *       {@code includeThoughts: true} with a {@code thinkingBudget} when the client gave a budget
 *       or an effort ({@link Reasoning#budgetOr(int)} of the request's max tokens, or of {@value
 *       #BUDGET_BASE} tokens when it set none), and no budget (the model's dynamic default)
 *       otherwise.
 *   <li>From the request's extras: {@code seed}, {@code logprobs} ({@code responseLogprobs}) and
 *       {@code top_logprobs} ({@code logprobs}) into {@code generationConfig}, and the Gemini-native
 *       top-level fields {@code safetySettings} and {@code cachedContent} (either spelling) as
 *       given. Other extras (penalties, which Gemini 2.5 refuses, {@code user}, {@code
 *       parallel_tool_calls}) are dropped.
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
final class GenerateContentRequest {

  /** Max tokens assumed when turning an effort into a budget for a request that set none. */
  static final int BUDGET_BASE = 16_384;

  private GenerateContentRequest() {}

  /** The request body for {@code request}. */
  static ObjectNode encode(ChatRequest request) {
    ObjectNode body = Json.object();
    Contents.write(request.messages(), body);
    tools(request, body);
    ObjectNode config = generationConfig(request);
    if (!config.isEmpty()) {
      body.set("generationConfig", config);
    }
    passThrough(request.extras(), body, "safetySettings", "safety_settings");
    passThrough(request.extras(), body, "cachedContent", "cached_content");
    return body;
  }

  private static void tools(ChatRequest request, ObjectNode body) {
    if (request.tools().isEmpty()) {
      return;
    }
    ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
    for (ToolDefinition t : request.tools()) {
      ObjectNode d = declarations.addObject();
      d.put("name", t.name());
      if (t.description() != null) {
        d.put("description", t.description());
      }
      JsonNode schema = schema(t.parameters());
      if (schema != null) {
        d.set("parametersJsonSchema", schema);
      }
    }
    ToolChoice choice = request.toolChoice();
    if (choice != null) {
      ObjectNode calling = body.putObject("toolConfig").putObject("functionCallingConfig");
      switch (choice.mode()) {
        case AUTO -> calling.put("mode", "AUTO");
        case NONE -> calling.put("mode", "NONE");
        case REQUIRED -> calling.put("mode", "ANY");
        case TOOL -> {
          calling.put("mode", "ANY");
          calling.putArray("allowedFunctionNames").add(choice.name());
        }
      }
    }
  }

  private static ObjectNode generationConfig(ChatRequest request) {
    ObjectNode config = Json.object();
    if (request.maxTokens() != null) {
      config.put("maxOutputTokens", request.maxTokens());
    }
    if (request.temperature() != null) {
      config.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      config.put("topP", request.topP());
    }
    if (request.topK() != null) {
      config.put("topK", request.topK());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stop = config.putArray("stopSequences");
      request.stop().forEach(stop::add);
    }
    if (request.n() != null) {
      config.put("candidateCount", request.n());
    }
    ResponseFormat format = request.responseFormat();
    if (format != null && format.type() != ResponseFormat.Type.TEXT) {
      config.put("responseMimeType", "application/json");
      JsonNode schema = schema(format.schema());
      if (format.type() == ResponseFormat.Type.JSON_SCHEMA && schema != null) {
        config.set("responseJsonSchema", schema);
      }
    }
    Reasoning reasoning = request.reasoning();
    if (reasoning != null) {
      ObjectNode thinking = config.putObject("thinkingConfig");
      if (!reasoning.enabled()) {
        thinking.put("thinkingBudget", 0);
      } else {
        thinking.put("includeThoughts", true);
        if (reasoning.budgetTokens() != null || reasoning.effort() != null) {
          thinking.put("thinkingBudget", reasoning.budgetOr(
              request.maxTokens() != null ? request.maxTokens() : BUDGET_BASE));
        }
      }
    }
    ObjectNode extras = request.extras();
    copy(extras, "seed", config, "seed");
    copy(extras, "logprobs", config, "responseLogprobs");
    copy(extras, "top_logprobs", config, "logprobs");
    return config;
  }

  /** The schema to send: {@code schema} without its {@code $schema} meta key, or null. */
  private static @Nullable JsonNode schema(@Nullable JsonNode schema) {
    if (schema == null || schema.isNull()) {
      return null;
    }
    if (schema.isObject() && schema.has("$schema")) {
      ObjectNode copy = ((ObjectNode) schema).deepCopy();
      copy.remove("$schema");
      return copy;
    }
    return schema;
  }

  private static void copy(ObjectNode from, String key, ObjectNode to, String as) {
    JsonNode v = from.get(key);
    if (v != null && !v.isNull()) {
      to.set(as, v);
    }
  }

  private static void passThrough(ObjectNode extras, ObjectNode body, String... spellings) {
    for (String key : List.of(spellings)) {
      JsonNode v = extras.get(key);
      if (v != null && !v.isNull()) {
        body.set(spellings[0], v);
        return;
      }
    }
  }
}
