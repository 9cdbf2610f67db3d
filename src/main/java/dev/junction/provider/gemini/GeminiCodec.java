package dev.junction.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Usage;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.Secret;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.HttpCall;
import dev.junction.provider.StreamDecoder;
import dev.junction.provider.WireCodec;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The Gemini Generative Language API (v1beta) spoken over HTTP: {@code generateContent}, {@code
 * streamGenerateContent?alt=sse} and {@code batchEmbedContents}, authenticated with the {@code
 * x-goog-api-key} header. Error bodies are read by {@link GoogleError}.
 *
 * <p>{@link #decodeEmbeddings} cannot know the model or the input (the SPI passes the body only)
 * and Gemini reports neither; {@link GeminiUpstream} fills both in. Stateless apart from the
 * injected clock and random source; thread-safe.
 */
final class GeminiCodec implements WireCodec {

  private final InstantSource clock;
  private final RandomGenerator random;

  GeminiCodec(InstantSource clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  @Override
  public HttpCall chatCall(ChatRequest request, DeploymentConfig deployment) {
    String method = request.stream() ? "streamGenerateContent?alt=sse" : "generateContent";
    return call(Endpoint.url(deployment, request.model(), method), deployment,
        GenerateContentRequest.encode(request));
  }

  @Override
  public ChatResponse decodeChat(byte[] body) {
    return GenerateContentResponse.decode(body, clock, random);
  }

  @Override
  public StreamDecoder streamDecoder(ChatRequest request) {
    return new GenerateContentStream(request.model(), clock.instant().getEpochSecond(), random);
  }

  @Override
  public GatewayException decodeError(int status, MultiMap headers, byte[] body) {
    return GoogleError.decode(status, headers, body);
  }

  @Override
  public HttpCall embeddingCall(EmbeddingRequest request, DeploymentConfig deployment) {
    if (request.input().isEmpty()) {
      throw GatewayException.invalid("input",
          "Gemini embeds texts only (token arrays and empty inputs are not accepted)");
    }
    ObjectNode body = Json.object();
    ArrayNode requests = body.putArray("requests");
    String resource = Endpoint.resource(request.model());
    for (String text : request.input()) {
      ObjectNode r = requests.addObject();
      r.put("model", resource);
      r.putObject("content").putArray("parts").addObject().put("text", text);
      if (request.dimensions() != null) {
        r.put("outputDimensionality", request.dimensions());
      }
    }
    return call(Endpoint.url(deployment, request.model(), "batchEmbedContents"), deployment, body);
  }

  /**
   * Reads {@code {"embeddings":[{"values":[…]}]}}. The model is left empty and the usage is an
   * estimate of zero tokens: {@link GeminiUpstream} replaces both.
   */
  @Override
  public EmbeddingResponse decodeEmbeddings(byte[] body) {
    JsonNode embeddings = GenerateContentResponse.parse(body).path("embeddings");
    if (!embeddings.isArray()) {
      throw GatewayException.of(ErrorKind.UPSTREAM, "invalid_upstream_response",
          "Gemini answered an embedding request without 'embeddings'");
    }
    List<float[]> vectors = new ArrayList<>(embeddings.size());
    for (JsonNode e : embeddings) {
      JsonNode values = e.path("values");
      float[] v = new float[values.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) values.get(i).asDouble();
      }
      vectors.add(v);
    }
    return new EmbeddingResponse("", vectors, Usage.ZERO.asEstimated());
  }

  private static HttpCall call(String url, DeploymentConfig deployment, ObjectNode body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set("content-type", "application/json");
    Secret key = deployment.apiKey();
    if (key != null) {
      headers.set("x-goog-api-key", key.reveal());
    }
    for (Map.Entry<String, String> h : deployment.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    return new HttpCall(url, headers, Buffer.buffer(Json.bytes(body)));
  }
}
