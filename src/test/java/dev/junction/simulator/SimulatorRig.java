package dev.junction.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.Message;
import dev.junction.chat.Reasoning;
import dev.junction.chat.Role;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.Timeouts;
import dev.junction.error.GatewayException;
import dev.junction.provider.CallContext;
import dev.junction.provider.ProviderContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A real Vert.x instance with simulator upstreams on it. Waits only to avoid hangs (generous
 * timeouts), never to assert durations.
 */
final class SimulatorRig implements AutoCloseable {

  /** The clock every upstream of the rig reads: 2025-03-01T12:00:00Z. */
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  static final String PROMPT = "What is the capital of France?";
  private static final YAMLMapper YAML = new YAMLMapper();

  final Vertx vertx = Vertx.vertx();
  final Context context = vertx.getOrCreateContext();
  private final ProviderContext providerContext = new ProviderContext(vertx,
      vertx.createHttpClient(), InstantSource.fixed(NOW), new SplittableRandom(0));

  /** An upstream for model {@code fast} with the options written in YAML flow style. */
  SimulatorUpstream upstream(String optionsYaml) {
    return upstream(optionsYaml, Timeouts.DEFAULTS);
  }

  SimulatorUpstream upstream(String optionsYaml, Timeouts timeouts) {
    DeploymentConfig d = new DeploymentConfig("sim-fast", "simulator", "fast", null, null,
        Map.of(), 1, 1, timeouts, options(optionsYaml));
    return new SimulatorProvider().create(d, providerContext);
  }

  static JsonNode options(String yaml) {
    if (yaml.isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ChatRequest ask(String prompt) {
    return ChatRequest.of("fast", List.of(Message.text(Role.USER, prompt)));
  }

  static ChatRequest request(List<Message> messages, @Nullable Integer maxTokens,
      List<ToolDefinition> tools, @Nullable ToolChoice choice, @Nullable Reasoning reasoning,
      @Nullable Integer n) {
    return new ChatRequest("fast", messages, false, false, maxTokens, null, null, null, List.of(),
        tools, choice, null, null, reasoning, n, null, JsonNodeFactory.instance.objectNode());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static GatewayException failure(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (GatewayException) e.getCause();
    }
    throw new AssertionError("expected a failure, got " + future.result());
  }

  static void awaitLatch(CountDownLatch latch) throws InterruptedException, TimeoutException {
    if (!latch.await(10, TimeUnit.SECONDS)) {
      throw new TimeoutException("gave up waiting");
    }
  }

  /** Lets {@code millis} pass on the event loop (a timer), so pending timers get their chance. */
  void idle(long millis) throws Exception {
    CountDownLatch passed = new CountDownLatch(1);
    context.runOnContext(v -> vertx.setTimer(millis, id -> passed.countDown()));
    awaitLatch(passed);
  }

  /**
   * Opens a stream on the rig's event loop and starts it into a recorder; {@code hook} sees each
   * chunk as it arrives (on the event loop), to pause or cancel.
   */
  StreamRecorder play(SimulatorUpstream up, ChatRequest request, CallContext ctx,
      BiConsumer<StreamRecorder, Integer> hook) {
    StreamRecorder recorder = new StreamRecorder(hook);
    context.runOnContext(v -> up.stream(request, ctx).onComplete(ar -> {
      if (ar.succeeded()) {
        recorder.stream = ar.result();
        ar.result().start(recorder);
      } else {
        recorder.onError((GatewayException) ar.cause());
      }
    }));
    return recorder;
  }

  StreamRecorder play(SimulatorUpstream up, ChatRequest request) {
    return play(up, request, CallContext.create("r"), (r, n) -> {});
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
