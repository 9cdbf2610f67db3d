package dev.junction.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.FinishReason;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a canonical stream, whichever vendor produced it, into the Messages API event sequence, as
 * SSE bytes ({@code event: X\ndata: {…}\n\n}) ready to write to the client.
 *
 * <p>The sequence is {@code message_start}, then content blocks with indices 0, 1, 2, … (each one
 * {@code content_block_start}, deltas, {@code content_block_stop}), then {@code message_delta}
 * (stop reason and usage) and {@code message_stop}:
 *
 * <ul>
 *   <li>reasoning opens a {@code thinking} block ({@code thinking_delta}; a reasoning signature is
 *       its {@code signature_delta} and ends it); redacted reasoning is a whole {@code
 *       redacted_thinking} block; text (and an OpenAI-style refusal) opens a {@code text} block;
 *       a change of kind closes the open block;
 *   <li>each tool call is its own {@code tool_use} block, its argument fragments {@code
 *       input_json_delta}s. A call's block is closed when the next call starts, provided its
 *       arguments are complete JSON (tracked without buffering them); otherwise it stays open, so
 *       fragments of parallel calls that interleave still reach their own block. A call that
 *       streamed no arguments gets {@code {}}. Text or reasoning closes every tool block; a
 *       fragment arriving for a call after that is dropped (no vendor is known to send one).
 *   <li>blocks an Anthropic upstream passed along whole ({@value AnthropicDialect#CONTENT_KEY}:
 *       server tool use and results) are written as they are.
 * </ul>
 *
 * <p>Usage may arrive with the finish reason, after it (OpenAI's usage-only last chunk), or not at
 * all. {@code message_start} therefore carries the given input-token estimate (or the usage, if
 * the first chunk has one), and {@code message_delta} is written as soon as both the finish reason
 * and usage are known, else by {@link #finish()}, with the best usage seen. Only choice 0 is
 * encoded (Anthropic has no {@code n}).
 *
 * <p>Not thread-safe: one instance per client stream, used from the stream's thread.
 *
 * <p>Design: this is one state machine (open blocks, pending stop reason, latest usage) and is
 * kept in one class on purpose, a little over the usual size, so that every transition of the
 * block protocol can be read in one place.
 */
public final class AnthropicStreamEncoder {

  private static final Logger LOG = LoggerFactory.getLogger(AnthropicStreamEncoder.class);
  private static final byte[] NOTHING = new byte[0];

  private enum Kind { TEXT, THINKING }

  /** One tool call's block. */
  private static final class ToolBlock {
    final int index;
    final JsonBalance balance = new JsonBalance();
    boolean open = true;

    ToolBlock(int index) {
      this.index = index;
    }
  }

  private final String fallbackId;
  private final String fallbackModel;
  private final long inputTokensEstimate;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
  private boolean started;
  private boolean ended;
  private int nextIndex;
  private int openIndex = -1;
  private @Nullable Kind openKind;
  private final Map<Integer, ToolBlock> tools = new HashMap<>();
  private final List<ToolBlock> openTools = new ArrayList<>();
  private boolean finished;
  private @Nullable FinishReason finishReason;
  private @Nullable String stopSequence;
  private @Nullable JsonNode stopDetails;
  private @Nullable Usage usage;

  private AnthropicStreamEncoder(String fallbackId, String fallbackModel, long estimate) {
    this.fallbackId = fallbackId;
    this.fallbackModel = fallbackModel;
    this.inputTokensEstimate = estimate;
  }

  /**
   * A fresh encoder for one stream.
   *
   * @param fallbackId message id used when the chunks carry none (or none arrives)
   * @param fallbackModel model name used likewise
   * @param inputTokensEstimate input tokens reported in {@code message_start} and, if the stream
   *     never reports usage, in {@code message_delta}; 0 when unknown
   */
  public static AnthropicStreamEncoder create(String fallbackId, String fallbackModel,
      long inputTokensEstimate) {
    return new AnthropicStreamEncoder(Objects.requireNonNull(fallbackId, "fallbackId"),
        Objects.requireNonNull(fallbackModel, "fallbackModel"), Math.max(0, inputTokensEstimate));
  }

  /** The events {@code chunk} adds (possibly none); nothing once the message has ended. */
  public byte[] encode(StreamChunk chunk) {
    Objects.requireNonNull(chunk, "chunk");
    if (ended) {
      return NOTHING;
    }
    begin(chunk.id().isEmpty() ? fallbackId : chunk.id(),
        chunk.model().isEmpty() ? fallbackModel : chunk.model(), chunk.usage());
    for (ChoiceDelta d : chunk.choices()) {
      if (d.index() == 0) {
        delta(d);
      }
    }
    if (chunk.usage() != null) {
      usage = chunk.usage();
      if (finished) {
        end();
      }
    }
    return drain();
  }

  /**
   * The upstream stream completed: the events still owed (closing blocks, {@code message_delta},
   * {@code message_stop}). Idempotent.
   */
  public byte[] finish() {
    if (!ended) {
      begin(fallbackId, fallbackModel, null);
      end();
    }
    return drain();
  }

  /** The stream failed: an {@code error} event, after which nothing more is written. */
  public byte[] error(GatewayException e) {
    Objects.requireNonNull(e, "e");
    if (!ended) {
      ended = true;
      event("error", AnthropicDialect.errorBody(e));
    }
    return drain();
  }

  private void begin(String id, String model, @Nullable Usage first) {
    if (started) {
      return;
    }
    started = true;
    ObjectNode message = Json.object();
    message.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", WireUsage.write(first != null ? first
        : Usage.estimated(inputTokensEstimate, 0)));
    ObjectNode e = Json.object().put("type", "message_start");
    e.set("message", message);
    event("message_start", e);
  }

  private void delta(ChoiceDelta d) {
    JsonNode passed = d.extras() == null ? null : d.extras().get(AnthropicDialect.CONTENT_KEY);
    if (passed != null && passed.isArray()) {
      for (JsonNode block : passed) {
        wholeBlock((ObjectNode) block.deepCopy());
      }
    }
    if (nonEmpty(d.reasoning())) {
      open(Kind.THINKING);
      blockDelta(openIndex, Json.object().put("type", "thinking_delta")
          .put("thinking", d.reasoning()));
    }
    if (nonEmpty(d.reasoningSignature())) {
      open(Kind.THINKING);
      blockDelta(openIndex, Json.object().put("type", "signature_delta")
          .put("signature", d.reasoningSignature()));
      closeOpen();
    }
    if (nonEmpty(d.redactedReasoning())) {
      wholeBlock(Json.object().put("type", "redacted_thinking").put("data",
          d.redactedReasoning()));
    }
    if (nonEmpty(d.text())) {
      text(d.text());
    }
    boolean anthropicRefusal = d.extras() != null && d.extras().has("stop_details");
    if (nonEmpty(d.refusal()) && !anthropicRefusal) {
      text(d.refusal());
    }
    for (ToolCallDelta t : d.toolCalls()) {
      toolCall(t);
    }
    if (d.finishReason() != null) {
      closeAll();
      finished = true;
      finishReason = d.finishReason();
      stopSequence = d.stopSequence();
      stopDetails = d.extras() == null ? null : d.extras().get("stop_details");
    }
  }

  private void text(String text) {
    open(Kind.TEXT);
    blockDelta(openIndex, Json.object().put("type", "text_delta").put("text", text));
  }

  private void toolCall(ToolCallDelta t) {
    ToolBlock tb = tools.get(t.index());
    if (tb == null) {
      closeOpen();
      openTools.removeIf(o -> o.balance.complete() && closeTool(o));
      tb = new ToolBlock(nextIndex++);
      tools.put(t.index(), tb);
      openTools.add(tb);
      ObjectNode block = Json.object().put("type", "tool_use")
          .put("id", t.id() == null ? "toolu_" + fallbackId + "_" + t.index() : t.id())
          .put("name", t.name() == null ? "" : t.name());
      block.putObject("input");
      blockStart(tb.index, block);
    } else if (!tb.open) {
      LOG.debug("tool call {} fragment after its block was closed: dropped", t.index());
      return;
    }
    if (nonEmpty(t.arguments())) {
      tb.balance.feed(t.arguments());
      blockDelta(tb.index, Json.object().put("type", "input_json_delta")
          .put("partial_json", t.arguments()));
    }
  }

  /** Always true, so it can close inside {@code removeIf}. */
  private boolean closeTool(ToolBlock tb) {
    if (!tb.balance.sawValue()) {
      blockDelta(tb.index, Json.object().put("type", "input_json_delta").put("partial_json", "{}"));
    }
    tb.open = false;
    blockStop(tb.index);
    return true;
  }

  private void open(Kind kind) {
    if (openKind == kind) {
      return;
    }
    closeAll();
    openIndex = nextIndex++;
    openKind = kind;
    blockStart(openIndex, kind == Kind.TEXT
        ? Json.object().put("type", "text").put("text", "")
        : Json.object().put("type", "thinking").put("thinking", "").put("signature", ""));
  }

  private void wholeBlock(ObjectNode block) {
    closeAll();
    int i = nextIndex++;
    blockStart(i, block);
    blockStop(i);
  }

  private void closeOpen() {
    if (openKind != null) {
      blockStop(openIndex);
      openKind = null;
      openIndex = -1;
    }
  }

  private void closeAll() {
    closeOpen();
    for (ToolBlock tb : openTools) {
      closeTool(tb);
    }
    openTools.clear();
  }

  private void end() {
    closeAll();
    ended = true;
    String reason = finishReason != null ? finishReason.anthropic()
        : tools.isEmpty() ? "end_turn" : "tool_use";
    ObjectNode e = Json.object().put("type", "message_delta");
    ObjectNode delta = e.putObject("delta").put("stop_reason", reason)
        .put("stop_sequence", stopSequence);
    if (stopDetails != null) {
      delta.set("stop_details", stopDetails);
    }
    e.set("usage", WireUsage.write(usage != null ? usage
        : Usage.estimated(inputTokensEstimate, 0)));
    event("message_delta", e);
    event("message_stop", Json.object().put("type", "message_stop"));
  }

  private void blockStart(int index, ObjectNode block) {
    ObjectNode e = Json.object().put("type", "content_block_start").put("index", index);
    e.set("content_block", block);
    event("content_block_start", e);
  }

  private void blockDelta(int index, ObjectNode delta) {
    ObjectNode e = Json.object().put("type", "content_block_delta").put("index", index);
    e.set("delta", delta);
    event("content_block_delta", e);
  }

  private void blockStop(int index) {
    event("content_block_stop", Json.object().put("type", "content_block_stop")
        .put("index", index));
  }

  private void event(String name, ObjectNode data) {
    out.writeBytes(("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(Json.bytes(data));
    out.writeBytes(new byte[] {'\n', '\n'});
  }

  private byte[] drain() {
    if (out.size() == 0) {
      return NOTHING;
    }
    byte[] b = out.toByteArray();
    out.reset();
    return b;
  }

  private static boolean nonEmpty(@Nullable String s) {
    return s != null && !s.isEmpty();
  }
}
