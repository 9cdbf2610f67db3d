package dev.junction.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.Secret;
import dev.junction.provider.openai.OpenAiProvider;
import dev.junction.provider.openai.OpenAiVendor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Regression: calls made from a plain thread (not a Vert.x context), and streams started from a
 * context other than the call's, once raced the response's end against handler attachment and
 * hung. Each of the 200 rounds runs a stream (started from another context) then an error call on
 * the same pooled connections; any wait past 2 s counts as a hang.
 */
class HttpUpstreamContextTest {
  @Test
  void callsAndStreamsStartedOffAnEventLoopNeverLoseTheirEnd() throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      if (b.toString().contains("\"stream\":true")) {
        req.response().setChunked(true).putHeader("content-type", "text/event-stream");
        for (int k = 0; k < 5; k++) {
          req.response().write("data: {\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,"
              + "\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n");
        }
        req.response().end("data: {\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
      } else {
        req.response().setStatusCode(529).putHeader("retry-after", "2")
            .end("{\"error\":{\"message\":\"Overloaded\"}}");
      }
    })).listen(0)
        .toCompletionStage().toCompletableFuture().get();
    ProviderContext ctx = new ProviderContext(vertx, vertx.createHttpClient(),
        InstantSource.system(), RandomGenerator.of("L64X128MixRandom"));
    Upstream up = OpenAiProvider.of(OpenAiVendor.forName("openai").orElseThrow()).create(
        DeploymentConfig.of("openai", "m", "http://localhost:" + server.actualPort() + "/v1",
            Secret.of("k")), ctx);
    int hung = 0;
    for (int i = 0; i < 200; i++) {
      ChatStream st = up.stream(ChatRequest.of("x", List.of(Message.text(Role.USER, "hi"))),
          CallContext.create("s")).toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
      java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
      vertx.runOnContext(v -> st.start(new StreamSink() {
        public void onChunk(dev.junction.chat.StreamChunk c) {}
        public void onComplete() { done.complete(null); }
        public void onError(dev.junction.error.GatewayException e) { done.complete(null); }
      }));
      try {
        done.get(2, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        hung += 1000;
      }
      try {
        up.chat(ChatRequest.of("x", List.of(Message.text(Role.USER, "hi"))),
            CallContext.create("r")).toCompletionStage().toCompletableFuture()
            .get(2, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        // expected
      } catch (java.util.concurrent.TimeoutException e) {
        hung++;
      }
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(hung).as("hung calls (streams count 1000)").isZero();
  }
}
