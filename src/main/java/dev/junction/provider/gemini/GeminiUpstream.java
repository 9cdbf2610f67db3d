package dev.junction.provider.gemini;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Usage;
import dev.junction.config.DeploymentConfig;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.provider.CallContext;
import dev.junction.provider.ChatStream;
import dev.junction.provider.Upstream;
import io.vertx.core.Future;

/**
 * The HTTP upstream of a Gemini deployment, with embedding answers completed: Gemini's {@code
 * batchEmbedContents} names no model and counts no tokens, so the response takes the deployment's
 * model and an estimated usage of one input token per 4 characters of input (rounded up, marked
 * {@link Usage#estimated() estimated}). Thread-safe, like the upstream it wraps.
 */
final class GeminiUpstream implements Upstream {

  private final Upstream http;

  GeminiUpstream(Upstream http) {
    this.http = http;
  }

  @Override
  public DeploymentConfig deployment() {
    return http.deployment();
  }

  @Override
  public Future<ChatResponse> chat(ChatRequest request, CallContext ctx) {
    return http.chat(request, ctx);
  }

  @Override
  public Future<ChatStream> stream(ChatRequest request, CallContext ctx) {
    return http.stream(request, ctx);
  }

  @Override
  public Future<EmbeddingResponse> embed(EmbeddingRequest request, CallContext ctx) {
    return http.embed(request, ctx).map(r -> new EmbeddingResponse(deployment().model(),
        r.vectors(), estimate(request)));
  }

  /** One token per 4 characters of input, rounded up; estimated. */
  static Usage estimate(EmbeddingRequest request) {
    long chars = 0;
    for (String s : request.input()) {
      chars += s.length();
    }
    return Usage.estimated((chars + 3) / 4, 0);
  }
}
