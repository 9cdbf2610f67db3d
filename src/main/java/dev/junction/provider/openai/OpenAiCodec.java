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
import io.vertx.core.http.HttpHeaders;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@link WireCodec} of OpenAI and every OpenAI-compatible vendor, parameterised by the
 * vendor's quirks ({@link OpenAiVendor}). A codec made for one deployment builds that deployment's
 * URLs and headers once (they are the same for every call); any other deployment gets them built
 * per call. Immutable and thread-safe.
 */
final class OpenAiCodec implements WireCodec {

  private final OpenAiVendor vendor;
  private final @Nullable Prepared prepared;

  OpenAiCodec(OpenAiVendor vendor) {
    this.vendor = requireNonNull(vendor, "vendor");
    this.prepared = null;
  }

  /** A codec that prepares {@code deployment}'s URLs and headers once. */
  OpenAiCodec(OpenAiVendor vendor, DeploymentConfig deployment) {
    this.vendor = requireNonNull(vendor, "vendor");
    this.prepared = prepare(deployment);
  }

  /** What every call to one deployment shares; {@code headers} is immutable. */
  private record Prepared(DeploymentConfig deployment, String chatUrl, String embeddingsUrl,
      MultiMap headers) {}

  private Prepared prepare(DeploymentConfig d) {
    String base = vendor.resolveBaseUrl(d.baseUrl());
    return new Prepared(d, base + "/chat/completions", base + "/embeddings", headers(d));
  }

  private Prepared prepared(DeploymentConfig d) {
    Prepared p = prepared;
    return p != null && p.deployment == d ? p : prepare(d);
  }

  @Override
  public HttpCall chatCall(ChatRequest request, DeploymentConfig deployment) {
    Prepared p = prepared(deployment);
    return new HttpCall(p.chatUrl, p.headers, Buffer.buffer(OpenAiRequestWriter.write(request, vendor)));
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
    Prepared p = prepared(deployment);
    return new HttpCall(p.embeddingsUrl, p.headers, Buffer.buffer(Json.bytes(body)));
  }

  @Override
  public EmbeddingResponse decodeEmbeddings(byte[] body) {
    return OpenAiResponseReader.readEmbeddings(body);
  }

  private static MultiMap headers(DeploymentConfig d) {
    MultiMap h = HttpHeaders.headers();
    h.set("content-type", "application/json");
    h.set("accept", "application/json, text/event-stream");
    if (d.apiKey() != null) {
      h.set("authorization", "Bearer " + d.apiKey().reveal());
    }
    for (Map.Entry<String, String> e : d.headers().entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
    return h.copy(false);
  }
}
