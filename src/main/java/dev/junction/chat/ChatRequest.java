package dev.junction.chat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A chat request in canonical form: what the client asked for, independent of its dialect.
 *
 * <p>{@code model} is the name the client used (an alias the router resolves). System and developer
 * prompts are ordinary {@link Message}s at the head of {@code messages}. {@code maxTokens} is the
 * output cap the client set, or null for the vendor default. {@code extras} holds top-level fields
 * the gateway does not model (e.g. {@code seed}, {@code logit_bias}, {@code presence_penalty}); the
 * OpenAI-compatible adapter passes them through untouched, others drop them.
 *
 * <p>Immutable; derive variants with the {@code with…} methods.
 */
public record ChatRequest(
    String model,
    List<Message> messages,
    boolean stream,
    boolean includeUsage,
    @Nullable Integer maxTokens,
    @Nullable Double temperature,
    @Nullable Double topP,
    @Nullable Integer topK,
    List<String> stop,
    List<ToolDefinition> tools,
    @Nullable ToolChoice toolChoice,
    @Nullable Boolean parallelToolCalls,
    @Nullable ResponseFormat responseFormat,
    @Nullable Reasoning reasoning,
    @Nullable Integer n,
    @Nullable String user,
    ObjectNode extras) {

  public ChatRequest {
    requireNonNull(model, "model");
    messages = List.copyOf(messages);
    stop = List.copyOf(stop);
    tools = List.copyOf(tools);
    requireNonNull(extras, "extras");
  }

  /** A minimal request: one user message, no options. */
  public static ChatRequest of(String model, List<Message> messages) {
    return new ChatRequest(model, messages, false, false, null, null, null, null, List.of(),
        List.of(), null, null, null, null, null, null, JsonNodeFactory.instance.objectNode());
  }

  /** This request for another model name (e.g. the upstream id of the chosen deployment). */
  public ChatRequest withModel(String newModel) {
    return new ChatRequest(newModel, messages, stream, includeUsage, maxTokens, temperature, topP,
        topK, stop, tools, toolChoice, parallelToolCalls, responseFormat, reasoning, n, user, extras);
  }

  /** This request, streamed or not. */
  public ChatRequest withStream(boolean newStream, boolean newIncludeUsage) {
    return new ChatRequest(model, messages, newStream, newIncludeUsage, maxTokens, temperature, topP,
        topK, stop, tools, toolChoice, parallelToolCalls, responseFormat, reasoning, n, user, extras);
  }
}
