package dev.junction.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.Message;
import dev.junction.chat.Reasoning;
import dev.junction.chat.ResponseFormat;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.json.Json;
import java.util.ArrayList;
import java.util.List;

/** A mutable stand-in for the canonical request's long constructor, for tests. */
final class Req {
  String model = "claude-test";
  List<Message> messages = new ArrayList<>();
  boolean stream;
  Integer maxTokens;
  Double temperature;
  Double topP;
  Integer topK;
  List<String> stop = List.of();
  List<ToolDefinition> tools = List.of();
  ToolChoice toolChoice;
  Boolean parallelToolCalls;
  ResponseFormat responseFormat;
  Reasoning reasoning;
  Integer n;
  String user;
  ObjectNode extras = Json.object();

  Req(String model, Message... messages) {
    this.model = model;
    this.messages.addAll(List.of(messages));
  }

  ChatRequest build() {
    return new ChatRequest(model, messages, stream, stream, maxTokens, temperature, topP, topK,
        stop, tools, toolChoice, parallelToolCalls, responseFormat, reasoning, n, user, extras);
  }
}
