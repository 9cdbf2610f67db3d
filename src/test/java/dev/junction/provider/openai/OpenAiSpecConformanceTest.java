package dev.junction.provider.openai;

import static dev.junction.provider.openai.OpenAiCases.isError;
import static dev.junction.provider.openai.OpenAiCases.isStream;
import static dev.junction.provider.openai.OpenAiCases.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.Usage;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.testing.Fixtures;
import dev.junction.testing.Fixtures.Case;
import dev.junction.testing.OpenApiSchema;
import io.vertx.core.MultiMap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What the gateway writes in the OpenAI format, validated against OpenAI's published OpenAPI
 * spec ({@code shared/specs/openai/openapi.yaml}): answers ({@code
 * CreateChatCompletionResponse}), stream chunks ({@code CreateChatCompletionStreamResponse}),
 * embeddings ({@code CreateEmbeddingResponse}), errors ({@code ErrorResponse}) and the request
 * bodies sent upstream ({@code CreateChatCompletionRequest}); plus the request round trip: a
 * recorded client request read and written back for OpenAI keeps every field.
 */
class OpenAiSpecConformanceTest {

  private static OpenApiSchema spec;

  @BeforeAll
  static void loadSpec() {
    spec = OpenApiSchema.openAi();
  }

  @TestFactory
  Stream<DynamicTest> answersConform() {
    return OpenAiCases.covered().stream().filter(c -> !isStream(c) && !isError(c))
        .map(c -> dynamicTest(c.id(), () -> {
          byte[] out = OpenAiResponseWriter.chat(
              OpenAiResponseReader.readChat(Fixtures.bytes(response(c))));
          assertThat(spec.validate("CreateChatCompletionResponse", Fixtures.json(out)))
              .as(c + ": " + new String(out, StandardCharsets.UTF_8)).isEmpty();
        }));
  }

  @TestFactory
  Stream<DynamicTest> streamChunksConform() {
    return OpenAiCases.covered().stream().filter(c -> isStream(c) && !isError(c))
        .map(c -> dynamicTest(c.id(), () -> {
          String sse = OpenAiRoundTripTest.encode(
              OpenAiCases.replay(Fixtures.bytes(response(c)), 64), true);
          for (Sse.Event e : Sse.parse(sse)) {
            if (!e.isDone()) {
              assertThat(spec.validate("CreateChatCompletionStreamResponse",
                  Fixtures.json(e.data().getBytes(StandardCharsets.UTF_8))))
                  .as(c + ": " + e.data()).isEmpty();
            }
          }
        }));
  }

  /** Every upstream error in the fixtures, as the client sees it (body and mid-stream frame). */
  @TestFactory
  Stream<DynamicTest> upstreamErrorsConform() {
    return OpenAiCases.covered().stream().filter(OpenAiCases::isError)
        .map(c -> dynamicTest(c.id(), () -> {
          byte[] body = Fixtures.bytes(response(c));
          GatewayException e = isStream(c)
              ? catchThrowableOfType(GatewayException.class, () -> OpenAiCases.replay(body, 64))
              : new OpenAiCodec(OpenAiCases.vendor(c)).decodeError(
                  c.httpStatus() != null && c.httpStatus() >= 400 ? c.httpStatus() : 400,
                  MultiMap.caseInsensitiveMultiMap(), body);
          assertThat(e).isNotNull();
          assertErrorConforms(e);
        }));
  }

  @Test
  void gatewayErrorsConform() {
    for (GatewayException e : List.of(
        GatewayException.invalid("messages", "'messages' must be a non-empty array"),
        GatewayException.of(ErrorKind.NOT_FOUND, "model_not_found", "no model 'x'"),
        GatewayException.of(ErrorKind.RATE_LIMITED, null, "slow down"),
        GatewayException.timeout("upstream read"),
        GatewayException.connection("reset", null),
        GatewayException.internal("boom", null),
        GatewayException.upstream(503, null, "overloaded", 2000))) {
      assertErrorConforms(e);
    }
  }

  private static void assertErrorConforms(GatewayException e) {
    JsonNode body = Fixtures.json(OpenAiResponseWriter.error(e));
    assertThat(spec.validate("ErrorResponse", body)).as(body.toString()).isEmpty();
    assertThat(body.path("error").path("message").asText()).isEqualTo(e.getMessage());
    List<Sse.Event> frame = Sse.parse(new String(new OpenAiStreamEncoder(true).error(e),
        StandardCharsets.UTF_8));
    assertThat(frame).hasSize(1);
    assertThat(spec.validate("ErrorResponse",
        Fixtures.json(frame.get(0).data().getBytes(StandardCharsets.UTF_8)))).isEmpty();
  }

  @Test
  void embeddingsConform() {
    float[] first = {0.0023064255f, -0.009327292f, 1.0f};
    float[] second = {-0.0028842222f, 0f, 3.5e-8f};
    EmbeddingResponse r = new EmbeddingResponse("text-embedding-3-small",
        List.of(first, second), new Usage(8, 0, 0, 0, 0, 0, false));

    JsonNode floats = Fixtures.json(OpenAiResponseWriter.embeddings(r, false));
    assertThat(spec.validate("CreateEmbeddingResponse", floats)).isEmpty();
    assertThat(floats.path("data").get(1).path("embedding").get(2).floatValue())
        .isEqualTo(3.5e-8f);
    assertThat(floats.path("usage").path("prompt_tokens").asLong()).isEqualTo(8);

    // encoding_format=base64: OpenAI answers a base64 string, which its own spec does not model
    // (Embedding.embedding is an array). That is the only difference the checker may report.
    JsonNode base64 = Fixtures.json(OpenAiResponseWriter.embeddings(r, true));
    assertThat(spec.validate("CreateEmbeddingResponse", base64)).allSatisfy(
        v -> assertThat(v).matches("\\$\\.data\\[[01]\\]\\.embedding: \".*\" where \"array\".*"));
    ByteBuffer bb = ByteBuffer.wrap(Base64.getDecoder().decode(
        base64.path("data").get(0).path("embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
    float[] decoded = new float[bb.remaining() / 4];
    bb.asFloatBuffer().get(decoded);
    assertThat(decoded).containsExactly(first);
  }

  /** Recorded client requests, read and written back for OpenAI: valid, and nothing lost. */
  @TestFactory
  Stream<DynamicTest> requestsConformAndRoundTrip() {
    return Fixtures.manifest().stream()
        .filter(c -> c.provider().equals("openai-chat") && c.request().isPresent())
        .map(c -> dynamicTest(c.id(), () -> request(c)));
  }

  private static void request(Case c) {
    byte[] bytes = Fixtures.bytes(c.request().orElseThrow());
    JsonNode original = Fixtures.json(bytes);
    ObjectNode body = Json.parseObject(bytes);
    JsonNode recordedParam = isError(c) ? Fixtures.json(response(c)).path("error").get("param")
        : null;
    ChatRequest read;
    try {
      read = OpenAiRequestReader.read(body);
    } catch (GatewayException e) {
      // A request the vendor rejected may be rejected by the gateway first, for the same param.
      assertThat(recordedParam).as(c + ": rejected " + e.getMessage()).isNotNull();
      assertThat(e.param()).as(c + ": rejected param").isEqualTo(recordedParam.asText());
      return;
    }
    for (OpenAiVendor vendor : OpenAiVendor.BUILT_IN) {
      JsonNode written = Fixtures.json(OpenAiRequestWriter.write(read, vendor));
      assertThat(spec.validate("CreateChatCompletionRequest", written))
          .as(c + " for " + vendor.name() + ": " + written).isEmpty();
    }
    JsonNode written = Fixtures.json(
        OpenAiRequestWriter.write(read, OpenAiVendor.forName("openai").orElseThrow()));
    assertThat(OpenAiRoundTripTest.sameValue(normalised(written), normalised(expected(original))))
        .as(c + ":\n  sent    " + normalised(written) + "\n  client  "
            + normalised(expected(original))).isTrue();
  }

  /**
   * What OpenAI should receive for a client body: the same body, but {@code max_tokens} renamed
   * {@code max_completion_tokens} (OpenAI's reasoning models reject the old name) and, on a
   * stream, {@code stream_options.include_usage: true} (the gateway always asks, to price it).
   */
  private static JsonNode expected(JsonNode client) {
    ObjectNode e = client.deepCopy();
    if (e.has("max_tokens") && !e.has("max_completion_tokens")) {
      e.set("max_completion_tokens", e.remove("max_tokens"));
    }
    if (e.path("stream").asBoolean(false)) {
      ObjectNode so = e.path("stream_options").isObject() ? (ObjectNode) e.get("stream_options")
          : e.putObject("stream_options");
      so.put("include_usage", true);
    }
    return e;
  }

  /**
   * Equivalences the comparison allows, all meaning-preserving in the OpenAI API: a JSON null is
   * the same as an absent field, and {@code stream: false} is the default.
   */
  private static JsonNode normalised(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = Fixtures.MAPPER.createObjectNode();
      n.properties().forEach(f -> {
        if (!f.getValue().isNull()
            && !(f.getKey().equals("stream") && f.getValue().isBoolean()
                && !f.getValue().asBoolean())) {
          out.set(f.getKey(), normalised(f.getValue()));
        }
      });
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = Fixtures.MAPPER.createArrayNode();
      n.forEach(x -> out.add(normalised(x)));
      return out;
    }
    return n;
  }
}
