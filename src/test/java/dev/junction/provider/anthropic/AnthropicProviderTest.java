package dev.junction.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import dev.junction.chat.StreamChunk;
import dev.junction.config.Secret;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.CallContext;
import dev.junction.provider.ChatStream;
import dev.junction.provider.ProviderContext;
import dev.junction.provider.StreamSink;
import dev.junction.provider.Upstream;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider against a local HTTP server that answers with recorded fixtures. */
class AnthropicProviderTest {

  static Vertx vertx;
  static HttpServer server;
  static ProviderContext context;
  static final List<MultiMap> seenHeaders = new CopyOnWriteArrayList<>();
  static final List<JsonNode> seenBodies = new CopyOnWriteArrayList<>();
  static final List<String> seenPaths = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    dev.junction.testing.Fixtures.dir(); // skip early without fixtures
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(buf -> {
      seenHeaders.add(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()));
      seenPaths.add(req.path());
      JsonNode body = Json.parse(buf.getBytes());
      seenBodies.add(body);
      String model = body.get("model").asText();
      if (model.equals("overloaded")) {
        req.response().setStatusCode(529).putHeader("retry-after", "2")
            .end("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}");
      } else if (body.get("stream").asBoolean()) {
        // the recorded stream, cut into small network writes
        byte[] sse = Fixtures.bytes("thinking-stream-haiku.sse");
        req.response().setChunked(true).putHeader("content-type", "text/event-stream");
        for (int i = 0; i < sse.length; i += 97) {
          req.response().write(Buffer.buffer(java.util.Arrays.copyOfRange(sse, i,
              Math.min(sse.length, i + 97))));
        }
        req.response().end();
      } else {
        req.response().putHeader("content-type", "application/json")
            .end(Buffer.buffer(Fixtures.bytes("tool-use-parallel.json")));
      }
    })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    context = new ProviderContext(vertx, vertx.createHttpClient(),
        ResponseDecoderTest.CLOCK, RandomGenerator.of("L64X128MixRandom"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  static Upstream upstream(String model) {
    return new AnthropicProvider().create(new dev.junction.config.DeploymentConfig(
        "anthropic/" + model, "anthropic", model, "http://localhost:" + server.actualPort(),
        Secret.of("sk-ant-local"), Map.of("anthropic-beta", "interleaved-thinking-2025-05-14"),
        1, 1, dev.junction.config.Timeouts.DEFAULTS, Json.object()), context);
  }

  static ChatRequest request() {
    return ChatRequest.of("client-alias", List.of(Message.text(Role.USER, "hi")));
  }

  @Test
  void nameAndDefaults() {
    AnthropicProvider p = new AnthropicProvider();
    assertThat(p.name()).isEqualTo("anthropic");
    assertThat(p.defaultBaseUrl()).isEqualTo("https://api.anthropic.com");
  }

  @Test
  void wholeAnswerOverHttp() throws Exception {
    ChatResponse r = upstream("claude-haiku-4-5").chat(request(), CallContext.create("r1"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(r.id()).isEqualTo("msg_011S3wxtqL5CVescWqS3zeg2");
    assertThat(r.choices().get(0).toolCalls()).hasSize(4);
    MultiMap h = seenHeaders.get(seenHeaders.size() - 1);
    assertThat(h.get("x-api-key")).isEqualTo("sk-ant-local");
    assertThat(h.get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(h.get("anthropic-beta")).isEqualTo("interleaved-thinking-2025-05-14");
    assertThat(seenPaths.get(seenPaths.size() - 1)).isEqualTo("/v1/messages");
    JsonNode body = seenBodies.get(seenBodies.size() - 1);
    assertThat(body.get("model").asText()).isEqualTo("claude-haiku-4-5"); // the upstream's id
    assertThat(body.get("stream").asBoolean()).isFalse();
  }

  @Test
  void streamedAnswerOverHttp() throws Exception {
    ChatStream stream = upstream("claude-haiku-4-5").stream(request(), CallContext.create("r2"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    List<StreamChunk> chunks = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.runOnContext(v -> stream.start(new StreamSink() {
      @Override
      public void onChunk(StreamChunk chunk) {
        chunks.add(chunk);
      }

      @Override
      public void onComplete() {
        done.complete(null);
      }

      @Override
      public void onError(GatewayException error) {
        done.completeExceptionally(error);
      }
    }));
    done.get(10, TimeUnit.SECONDS);
    assertThat(seenBodies.get(seenBodies.size() - 1).get("stream").asBoolean()).isTrue();
    String text = chunks.stream().flatMap(c -> c.choices().stream())
        .map(d -> d.text() == null ? "" : d.text()).reduce("", String::concat);
    assertThat(text).isEqualTo("1. **Pouch** - references their iconic bill pouch\n"
        + "2. **Pelé** - playful take on \"pelican\"");
    // thinking-stream-haiku.sse: input 46, output 133
    assertThat(chunks.get(chunks.size() - 1).usage().input()).isEqualTo(46);
    assertThat(chunks.get(chunks.size() - 1).usage().output()).isEqualTo(133);
  }

  @Test
  void errorStatusOverHttp() {
    assertThatThrownBy(() -> upstream("overloaded").chat(request(), CallContext.create("r3"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.upstreamStatus()).isEqualTo(529);
          assertThat(e.retryable()).isTrue();
          assertThat(e.retryAfterMillis()).isEqualTo(2000);
        });
  }

  @Test
  void deploymentValidation() {
    AnthropicProvider p = new AnthropicProvider();
    assertThatThrownBy(() -> p.create(dev.junction.config.DeploymentConfig.of("anthropic",
        "claude", null, null), context)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api-key");
    assertThatThrownBy(() -> p.create(dev.junction.config.DeploymentConfig.of("anthropic",
        "claude", "ftp://x", Secret.of("k")), context))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://x");
    assertThat(p.create(dev.junction.config.DeploymentConfig.of("anthropic", "claude", null,
        Secret.of("k")), context).deployment().model()).isEqualTo("claude");
  }
}
