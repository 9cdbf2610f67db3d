package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ConfigLoader;
import dev.junction.config.GatewayConfig;
import dev.junction.gateway.CallRecord;
import dev.junction.gateway.Gateway;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's OpenAI integration against a running gateway whose models are served by the
 * simulator: whole answers, streams, tool calls and embeddings, changing nothing but the base URL.
 */
class LangChain4jEndToEndTest {

  static Gateway gateway;
  static final ConcurrentLinkedQueue<CallRecord> records = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() throws Exception {
    GatewayConfig config = ConfigLoader.withEnv(Map.of()).parse("""
        server: {port: 0, event-loops: 1}
        providers-from-env: false
        models:
          - name: demo
            deployments:
              - provider: simulator
                simulator: {output-tokens: 12, seed: 7}
          - name: embed
            kind: embedding
            deployments:
              - provider: simulator
        """);
    gateway = Gateway.builder(config).listener(records::add).start()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static String baseUrl() {
    return "http://127.0.0.1:" + gateway.port() + "/v1";
  }

  @Test
  void wholeAnswerWithUsage() {
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey("unused")
        .modelName("demo").maxRetries(0).build();
    ChatResponse r = model.chat(ChatRequest.builder()
        .messages(UserMessage.from("Say hello")).build());
    assertThat(r.aiMessage().text()).startsWith("Hello from the Junction simulator");
    assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(12);
    assertThat(r.tokenUsage().inputTokenCount()).isPositive();
  }

  @Test
  void streamedAnswerArrivesInPiecesAndEndsWithUsage() throws Exception {
    StreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(baseUrl())
        .apiKey("unused").modelName("demo").build();
    ConcurrentLinkedQueue<String> pieces = new ConcurrentLinkedQueue<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(ChatRequest.builder().messages(UserMessage.from("Stream please")).build(),
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            pieces.add(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    ChatResponse r = done.get(30, TimeUnit.SECONDS);
    assertThat(pieces).hasSizeGreaterThan(1);
    assertThat(String.join("", pieces)).isEqualTo(r.aiMessage().text());
    assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(12);
  }

  @Test
  void toolCallsComeBackWithArgumentsMatchingTheSchema() {
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey("unused")
        .modelName("demo").maxRetries(0).build();
    ToolSpecification weather = ToolSpecification.builder().name("get_weather")
        .description("Weather for a city")
        .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
        .build();
    ChatResponse r = model.chat(ChatRequest.builder()
        .messages(UserMessage.from("Weather in Paris?")).toolSpecifications(weather).build());
    AiMessage ai = r.aiMessage();
    assertThat(ai.hasToolExecutionRequests()).isTrue();
    assertThat(ai.toolExecutionRequests().get(0).name()).isEqualTo("get_weather");
    assertThat(ai.toolExecutionRequests().get(0).arguments()).contains("\"city\"");
  }

  @Test
  void embeddings() {
    OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(baseUrl())
        .apiKey("unused").modelName("embed").dimensions(8).maxRetries(0).build();
    var e = model.embed("hello").content();
    assertThat(e.dimension()).isEqualTo(8);
    assertThat(records).anySatisfy(rec -> assertThat(rec.endpoint()).isEqualTo("embeddings"));
  }
}
