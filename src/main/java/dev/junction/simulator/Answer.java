package dev.junction.simulator;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.Choice;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.ContentPart;
import dev.junction.chat.FinishReason;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What one choice of a simulated answer says, token by token: optional reasoning, then either
 * text or one tool call whose arguments come in fragments of {@value #FRAGMENT} characters (one
 * token each). The tokens were already cut to the request's max tokens (reasoning first), in
 * which case the finish reason is {@code LENGTH}.
 *
 * <p>As a stream, the choice is a sequence of {@link #events()} deltas: one per reasoning token,
 * then one per text token, or, for a tool call, a first delta with the call's id and name followed
 * by one per argument fragment. Immutable.
 */
record Answer(
    List<String> reasoning,
    List<String> text,
    @Nullable ToolCall toolCall,
    List<String> arguments,
    FinishReason finishReason) {

  /** Characters of tool-call arguments per token. */
  static final int FRAGMENT = 4;

  /**
   * Composes choice {@code index}'s answer to {@code request}, drawing every word and value from
   * {@code random}.
   */
  static Answer compose(SimulatorConfig config, Prose prose, ChatRequest request,
      RandomGenerator random) {
    int budget = request.maxTokens() == null ? Integer.MAX_VALUE : Math.max(0, request.maxTokens());
    boolean capped = false;
    List<String> reasoning = List.of();
    if (config.reasoning() && request.reasoning() != null && request.reasoning().enabled()) {
      int count = Math.min(config.reasoningTokens(), budget);
      capped = count < config.reasoningTokens();
      reasoning = prose.reasoning(random, count);
      budget -= count;
    }
    ToolDefinition tool = toolToCall(config, request);
    if (tool != null) {
      String id = "call_sim_" + HexFormat.of().toHexDigits(random.nextLong());
      List<String> fragments = fragments(SchemaExample.arguments(tool.parameters(), random));
      if (fragments.size() > budget) {
        fragments = fragments.subList(0, budget);
        capped = true;
      }
      ToolCall call = new ToolCall(id, tool.name(), String.join("", fragments));
      return new Answer(reasoning, List.of(), call, List.copyOf(fragments),
          capped ? FinishReason.LENGTH : FinishReason.TOOL_CALLS);
    }
    int count = Math.min(config.outputTokens(), budget);
    capped |= count < config.outputTokens();
    return new Answer(reasoning, prose.answer(random, count), null, List.of(),
        capped ? FinishReason.LENGTH : FinishReason.STOP);
  }

  /**
   * The tool the answer calls, or null for a text answer: none when tool calls are off, the
   * request offers no tools or forbids calls; the named tool when the request names one; else the
   * first tool, unless the conversation's last turn is a tool result and calls are optional (the
   * model then answers in text, so a client's tool loop ends).
   */
  static @Nullable ToolDefinition toolToCall(SimulatorConfig config, ChatRequest request) {
    if (!config.toolCalls() || request.tools().isEmpty()) {
      return null;
    }
    ToolChoice choice = request.toolChoice();
    ToolChoice.Mode mode = choice == null ? ToolChoice.Mode.AUTO : choice.mode();
    switch (mode) {
      case NONE -> {
        return null;
      }
      case TOOL -> {
        for (ToolDefinition t : request.tools()) {
          if (t.name().equals(choice.name())) {
            return t;
          }
        }
        return null;
      }
      case AUTO -> {
        List<Message> messages = request.messages();
        if (!messages.isEmpty() && messages.getLast().role() == Role.TOOL) {
          return null;
        }
      }
      case REQUIRED -> {
        // the first tool
      }
    }
    return request.tools().getFirst();
  }

  private static List<String> fragments(String json) {
    List<String> out = new ArrayList<>(json.length() / FRAGMENT + 1);
    for (int i = 0; i < json.length(); i += FRAGMENT) {
      out.add(json.substring(i, Math.min(json.length(), i + FRAGMENT)));
    }
    return out;
  }

  /** Output tokens other than reasoning. */
  int outputTokens() {
    return text.size() + arguments.size();
  }

  int reasoningTokens() {
    return reasoning.size();
  }

  /** The number of stream deltas this choice takes. */
  int events() {
    return reasoning.size() + (toolCall == null ? text.size() : 1 + arguments.size());
  }

  /** Stream delta {@code i} (0-based) of choice {@code index}. */
  ChoiceDelta event(int index, int i) {
    if (i < reasoning.size()) {
      return ChoiceDelta.reasoning(index, reasoning.get(i));
    }
    int j = i - reasoning.size();
    if (toolCall == null) {
      return ChoiceDelta.text(index, text.get(j));
    }
    ToolCallDelta delta = j == 0
        ? new ToolCallDelta(0, toolCall.id(), toolCall.name(), "")
        : new ToolCallDelta(0, null, null, arguments.get(j - 1));
    return ChoiceDelta.toolCalls(index, List.of(delta));
  }

  /** The whole answer as choice {@code index} of a response. */
  Choice choice(int index) {
    List<ContentPart> content = new ArrayList<>(2);
    if (!reasoning.isEmpty()) {
      content.add(new ContentPart.Thinking(String.join("", reasoning), null));
    }
    if (toolCall == null) {
      content.add(new ContentPart.Text(String.join("", text)));
    }
    return new Choice(index, content, toolCall == null ? List.of() : List.of(toolCall), null,
        finishReason, null, null, null);
  }
}
