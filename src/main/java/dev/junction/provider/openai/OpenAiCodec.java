package dev.junction.provider.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.config.DeploymentConfig;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.json.Json;
import dev.junction.provider.HttpCall;
import dev.junction.provider.StreamDecoder;
import dev.junction.provider.WireCodec;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * The {@link WireCodec} of OpenAI and every OpenAI-compatible vendor, parameterised by the
 * vendor's quirks ({@link OpenAiVendor}). Stateless and thread-safe.
 */
final class OpenAiCodec implements WireCodec {

  private final OpenAiVendor vendor;

  OpenAiCodec(OpenAiVendor vendor) {
    this.vendor = requireNonNull(vendor, "vendor");
  }

  @Override
  public HttpCall chatCall(ChatRequest request, DeploymentConfig deployment) {
    ObjectNode body = OpenAiRequestWriter.write(request, vendor);
    return new HttpCall(vendor.resolveBaseUrl(deployment.baseUrl()) + "/chat/completions",
        headers(deployment), Buffer.buffer(Json.bytes(body)));
  }

  @Override
  public ChatResponse decodeChat(byte[] body) {
    return OpenAiResponseReader.readChat(body);
  }

  @Override
  public StreamDecoder streamDecoder(ChatRequest request) {
    return new OpenAiStreamDecoder();
  }

  @Override
  public HttpCall embeddingCall(EmbeddingRequest request, DeploymentConfig deployment) {
    ObjectNode body = request.raw().deepCopy();
    body.put("model", request.model());
    if (!body.has("input")) {
      var input = body.putArray("input");
      request.input().forEach(input::add);
    }
    if (request.dimensions() != null) {
      body.put("dimensions", request.dimensions());
    }
    // Ask for floats: base64 is re-encoded by the front if the client wanted it.
    body.put("encoding_format", "float");
    return new HttpCall(vendor.resolveBaseUrl(deployment.baseUrl()) + "/embeddings",
        headers(deployment), Buffer.buffer(Json.bytes(body)));
  }

  @Override
  public EmbeddingResponse decodeEmbeddings(byte[] body) {
    return OpenAiResponseReader.readEmbeddings(body);
  }

  private static MultiMap headers(DeploymentConfig d) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    h.set("content-type", "application/json");
    h.set("accept", "application/json, text/event-stream");
    if (d.apiKey() != null) {
      h.set("authorization", "Bearer " + d.apiKey().reveal());
    }
    for (Map.Entry<String, String> e : d.headers().entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
    return h;
  }
}
