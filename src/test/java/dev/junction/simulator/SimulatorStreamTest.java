package dev.junction.simulator;

import static dev.junction.simulator.SimulatorRig.PROMPT;
import static dev.junction.simulator.SimulatorRig.ask;
import static dev.junction.simulator.SimulatorRig.await;
import static dev.junction.simulator.SimulatorRig.awaitLatch;
import static dev.junction.simulator.SimulatorRig.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.FinishReason;
import dev.junction.chat.Message;
import dev.junction.chat.Reasoning;
import dev.junction.chat.Role;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.Usage;
import dev.junction.error.ErrorKind;
import dev.junction.json.Json;
import dev.junction.provider.CallContext;
import dev.junction.provider.ChatStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SimulatorStreamTest {

  private static final SimulatorRig rig = new SimulatorRig();

  @AfterAll
  static void close() throws Exception {
    rig.close();
  }

  @Test
  void streamsOneChunkPerTokenThenFinishAndUsage() throws Exception {
    SimulatorUpstream up = rig.upstream("output-tokens: 24");
    StreamRecorder rec = rig.play(up, ask(PROMPT));
    awaitLatch(rec.done);
    assertThat(rec.completed).isTrue();
    assertThat(rec.error).isNull();
    long textChunks = rec.count(d -> d.text() != null);
    assertThat(rec.chunks).hasSize((int) textChunks + 1);
    for (StreamChunk c : rec.chunks.subList(0, rec.chunks.size() - 1)) {
      assertThat(c.choices()).hasSize(1);
      assertThat(c.usage()).isNull();
      assertThat(c.id()).isEqualTo(rec.last().id());
      assertThat(c.model()).isEqualTo("fast");
      assertThat(c.created()).isEqualTo(1740830400L);
    }
    ChoiceDelta finish = rec.last().choices().getFirst();
    assertThat(finish.finishReason()).isEqualTo(FinishReason.STOP);
    Usage usage = rec.last().usage();
    assertThat(usage.output()).isEqualTo(textChunks);
    assertThat(usage.input()).isEqualTo(8); // 30 characters
    assertThat(rec.text(0)).startsWith("Hello from the Junction simulator (model fast).");
    // the streamed text is the whole answer's text
    ChatResponse whole = await(up.chat(ask(PROMPT), CallContext.create("r")));
    assertThat(rec.text(0)).isEqualTo(whole.choices().getFirst().text());
    assertThat(up.stats().streamsStarted()).isEqualTo(1);
    assertThat(up.stats().inFlight()).isZero();
  }

  @Test
  void sameSeedStreamsTheSameChunks() throws Exception {
    StreamRecorder a = rig.play(rig.upstream("seed: 5"), ask(PROMPT));
    StreamRecorder b = rig.play(rig.upstream("seed: 5"), ask(PROMPT));
    StreamRecorder c = rig.play(rig.upstream("seed: 6"), ask(PROMPT));
    awaitLatch(a.done);
    awaitLatch(b.done);
    awaitLatch(c.done);
    assertThat(a.chunks).isEqualTo(b.chunks);
    assertThat(c.text(0)).isNotEqualTo(a.text(0));
  }

  @Test
  void maxTokensEndsTheStreamWithLength() throws Exception {
    StreamRecorder rec = rig.play(rig.upstream(""),
        request(List.of(Message.text(Role.USER, PROMPT)), 3, List.of(), null, null, null));
    awaitLatch(rec.done);
    assertThat(rec.count(d -> d.text() != null)).isEqualTo(3);
    assertThat(rec.text(0)).isEqualTo("Hello from the");
    assertThat(rec.last().choices().getFirst().finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(rec.last().usage().output()).isEqualTo(3);
  }

  @Test
  void streamsReasoningBeforeTheAnswer() throws Exception {
    StreamRecorder rec = rig.play(rig.upstream("{reasoning-tokens: 5, output-tokens: 7}"),
        request(List.of(Message.text(Role.USER, PROMPT)), null, List.of(), null,
            new Reasoning(true, "high", null), null));
    awaitLatch(rec.done);
    long reasoning = rec.count(d -> d.reasoning() != null);
    long text = rec.count(d -> d.text() != null);
    assertThat(rec.chunks.getFirst().choices().getFirst().reasoning()).isEqualTo("Let");
    assertThat(rec.last().usage().reasoning()).isEqualTo(reasoning).isEqualTo(5);
    assertThat(rec.last().usage().output()).isEqualTo(text).isEqualTo(7);
  }

  @Test
  void streamsAToolCallAsHeaderThenArgumentFragments() throws Exception {
    StreamRecorder rec = rig.play(rig.upstream(""),
        request(List.of(Message.text(Role.USER, "Weather?")), null,
            List.of(SimulatorChatTest.WEATHER), null, null, null));
    awaitLatch(rec.done);
    ToolCallDelta header = rec.chunks.getFirst().choices().getFirst().toolCalls().getFirst();
    assertThat(header.id()).startsWith("call_sim_");
    assertThat(header.name()).isEqualTo("get_weather");
    long fragments = rec.count(d -> !d.toolCalls().isEmpty()
        && d.toolCalls().getFirst().id() == null);
    JsonNode args = Json.parse(rec.arguments().getBytes(StandardCharsets.UTF_8));
    assertThat(args.has("location")).isTrue();
    assertThat(args.has("unit")).isTrue();
    assertThat(args.has("when")).isTrue();
    assertThat(rec.last().choices().getFirst().finishReason())
        .isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(rec.last().usage().output()).isEqualTo(fragments);
    assertThat(rec.chunks).hasSize((int) fragments + 2);
  }

  @Test
  void streamsEveryChoiceInTurn() throws Exception {
    SimulatorUpstream up = rig.upstream("output-tokens: 6");
    ChatRequest two = request(List.of(Message.text(Role.USER, PROMPT)), null, List.of(), null,
        null, 2);
    StreamRecorder rec = rig.play(up, two);
    awaitLatch(rec.done);
    ChatResponse whole = await(up.chat(two, CallContext.create("r")));
    assertThat(rec.text(0)).isEqualTo(whole.choices().get(0).text());
    assertThat(rec.text(1)).isEqualTo(whole.choices().get(1).text());
    assertThat(rec.last().choices()).extracting(ChoiceDelta::index).containsExactly(0, 1);
    assertThat(rec.last().usage().output()).isEqualTo(rec.count(d -> d.text() != null));
  }

  @Test
  void aDroppedStreamFailsAfterExactlyDropAfterChunks() throws Exception {
    SimulatorUpstream up = rig.upstream("{drop-rate: 1, drop-after: 3, output-tokens: 20}");
    StreamRecorder rec = rig.play(up, ask(PROMPT));
    awaitLatch(rec.done);
    assertThat(rec.chunks).hasSize(3);
    assertThat(rec.completed).isFalse();
    assertThat(rec.error.code()).isEqualTo("upstream_connection_error");
    assertThat(rec.error.retryable()).isTrue();
    assertThat(up.stats().inFlight()).isZero();

    StreamRecorder early = rig.play(rig.upstream("{drop-rate: 1, drop-after: 0}"), ask(PROMPT));
    awaitLatch(early.done);
    assertThat(early.chunks).isEmpty();
    assertThat(early.error).isNotNull();

    // a drop point past the end: the stream breaks just before its final chunk
    StreamRecorder late = rig.play(rig.upstream("{drop-rate: 1, drop-after: 99, "
        + "output-tokens: 4}"), ask(PROMPT));
    awaitLatch(late.done);
    assertThat(late.chunks).hasSize(4);
    assertThat(late.chunks).allMatch(c -> c.usage() == null);
    assertThat(late.error).isNotNull();
  }

  @Test
  void rateLimitedStreamIsRefusedUpFront() throws Exception {
    StreamRecorder rec = rig.play(rig.upstream("{error-rate-429: 1, retry-after: 2s}"),
        ask(PROMPT));
    awaitLatch(rec.done);
    assertThat(rec.stream).isNull();
    assertThat(rec.error.upstreamStatus()).isEqualTo(429);
    assertThat(rec.error.retryAfterMillis()).isEqualTo(2000);

    StreamRecorder broken = rig.play(rig.upstream("error-rate-500: 1"), ask(PROMPT));
    awaitLatch(broken.done);
    assertThat(broken.error.upstreamStatus()).isEqualTo(500);
  }

  @Test
  void pauseStopsEmissionUntilResume() throws Exception {
    AtomicInteger whilePaused = new AtomicInteger(-1);
    SimulatorUpstream up = rig.upstream("{tokens-per-second: 1000, output-tokens: 40}");
    StreamRecorder rec = rig.play(up, ask(PROMPT), CallContext.create("r"), (r, n) -> {
      if (n == 3) {
        ChatStream s = r.stream;
        s.pause();
        // 50 timer periods later: note what arrived meanwhile, then resume
        rig.vertx.setTimer(50, id -> {
          whilePaused.set(r.chunks.size());
          s.resume();
        });
      }
    });
    awaitLatch(rec.done);
    assertThat(whilePaused.get()).isEqualTo(3);
    assertThat(rec.completed).isTrue();
    assertThat(rec.chunks).hasSize(41);
  }

  @Test
  void pauseHoldsAFullSpeedStreamToo() throws Exception {
    AtomicInteger whilePaused = new AtomicInteger(-1);
    StreamRecorder rec = rig.play(rig.upstream("output-tokens: 200"), ask(PROMPT),
        CallContext.create("r"), (r, n) -> {
          if (n % 50 == 0) {
            ChatStream s = r.stream;
            s.pause();
            rig.vertx.setTimer(10, id -> {
              whilePaused.accumulateAndGet(r.chunks.size() - n, Math::max);
              s.resume();
            });
          }
        });
    awaitLatch(rec.done);
    assertThat(whilePaused.get()).isZero();
    assertThat(rec.chunks).hasSize(201);
  }

  @Test
  void pausedBeforeTheLastChunkCompletesOnlyAfterResume() throws Exception {
    AtomicInteger callbacksWhilePaused = new AtomicInteger(-1);
    StreamRecorder rec = rig.play(rig.upstream("output-tokens: 2"), ask(PROMPT),
        CallContext.create("r"), (r, n) -> {
          if (n == 3) { // the final chunk
            ChatStream s = r.stream;
            s.pause();
            rig.vertx.setTimer(20, id -> {
              callbacksWhilePaused.set(r.callbacks.get());
              s.resume();
            });
          }
        });
    awaitLatch(rec.done);
    assertThat(callbacksWhilePaused.get()).isEqualTo(3);
    assertThat(rec.completed).isTrue();
  }

  @Test
  void cancelStopsEverything() throws Exception {
    SimulatorUpstream up = rig.upstream("{tokens-per-second: 1000, output-tokens: 40}");
    StreamRecorder rec = rig.play(up, ask(PROMPT), CallContext.create("r"), (r, n) -> {
      if (n == 3) {
        r.stream.cancel();
        r.stream.cancel(); // idempotent
      }
    });
    rig.idle(100);
    assertThat(rec.callbacks.get()).isEqualTo(3);
    assertThat(rec.done.getCount()).isEqualTo(1);
    assertThat(up.stats().inFlight()).isZero();
  }

  @Test
  void cancellingTheCallContextCancelsTheStream() throws Exception {
    SimulatorUpstream up = rig.upstream("{tokens-per-second: 1000, output-tokens: 40}");
    CallContext ctx = CallContext.create("r");
    StreamRecorder rec = rig.play(up, ask(PROMPT), ctx, (r, n) -> {
      if (n == 3) {
        ctx.cancel();
      }
    });
    rig.idle(100);
    assertThat(rec.callbacks.get()).isEqualTo(3);
    assertThat(up.stats().inFlight()).isZero();
  }

  @Test
  void cancellingBeforeTheFirstTokenDeliversNothing() throws Exception {
    SimulatorUpstream up = rig.upstream("first-token: 1h");
    CallContext ctx = CallContext.create("r");
    StreamRecorder rec = rig.play(up, ask(PROMPT), ctx, (r, n) -> {});
    rig.idle(20);
    assertThat(up.stats().inFlight()).isEqualTo(1);
    ctx.cancel();
    rig.idle(20);
    assertThat(rec.callbacks.get()).isZero();
    assertThat(up.stats().inFlight()).isZero();
  }

  @Test
  void aHungStreamIsNeverAcceptedUntilCancelled() throws Exception {
    SimulatorUpstream up = rig.upstream("timeout-rate: 1");
    CallContext ctx = CallContext.create("r");
    StreamRecorder rec = rig.play(up, ask(PROMPT), ctx, (r, n) -> {});
    rig.idle(50);
    assertThat(rec.stream).isNull();
    assertThat(rec.callbacks.get()).isZero();
    ctx.cancel();
    awaitLatch(rec.done);
    assertThat(rec.error.code()).isEqualTo("cancelled");
    assertThat(rec.error.kind()).isEqualTo(ErrorKind.INTERNAL);
  }

  @Test
  void pacedStreamWithFirstTokenDelayCompletes() throws Exception {
    StreamRecorder rec = rig.play(rig.upstream(
        "{first-token: 10ms, tokens-per-second: 500, output-tokens: 10}"), ask(PROMPT));
    awaitLatch(rec.done);
    assertThat(rec.completed).isTrue();
    assertThat(rec.chunks).hasSize(11);
  }
}
