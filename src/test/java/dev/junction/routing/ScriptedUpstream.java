package dev.junction.routing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.Timeouts;
import dev.junction.error.GatewayException;
import dev.junction.provider.CallContext;
import dev.junction.provider.ChatStream;
import dev.junction.provider.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link Upstream} whose calls answer from a script: each call takes the next
 * scripted reply (a value, an error, or a hang the test completes later through {@link
 * #pending}); an empty script answers "ok". Records every call and whether it was cancelled. Not
 * thread-safe: tests drive it from one thread.
 */
final class ScriptedUpstream implements Upstream {

  private final DeploymentConfig deployment;
  private final Deque<Reply> script = new ArrayDeque<>();
  final List<Sent> calls = new ArrayList<>();

  /** One call: what it was sent for, its context and its promise. */
  record Sent(String model, CallContext ctx, Promise<String> promise) {}

  /** A scripted reply. */
  private sealed interface Reply {
    record Value(String value) implements Reply {}

    record Error(GatewayException error) implements Reply {}

    /** No answer until the test gives one; {@code deaf}: cancelling does not end it either. */
    record Hang(boolean deaf) implements Reply {}
  }

  ScriptedUpstream(String id, int weight, int priority) {
    this(id, weight, priority, DeploymentConfig.Limits.NONE);
  }

  /** A deployment declaring vendor {@code limits}. */
  ScriptedUpstream(String id, int weight, int priority, DeploymentConfig.Limits limits) {
    this.deployment = new DeploymentConfig(id, "openai", "m-" + id, null, null, Map.of(), weight,
        priority, Timeouts.DEFAULTS, JsonNodeFactory.instance.objectNode(), limits);
  }

  ScriptedUpstream(String id) {
    this(id, 1, 1);
  }

  ScriptedUpstream answers(String value) {
    script.add(new Reply.Value(value));
    return this;
  }

  ScriptedUpstream fails(GatewayException e) {
    script.add(new Reply.Error(e));
    return this;
  }

  ScriptedUpstream failsTimes(int n, GatewayException e) {
    for (int i = 0; i < n; i++) {
      fails(e);
    }
    return this;
  }

  /** The next call hangs until the test completes it, or the call is cancelled. */
  ScriptedUpstream hangs() {
    script.add(new Reply.Hang(false));
    return this;
  }

  /** The next call hangs and ignores cancellation (its answer arrives anyway, late). */
  ScriptedUpstream hangsDeaf() {
    script.add(new Reply.Hang(true));
    return this;
  }

  /** A call made through {@link Attempts}: takes the next scripted reply. */
  Future<String> send(String model, CallContext ctx) {
    Promise<String> p = Promise.promise();
    calls.add(new Sent(model, ctx, p));
    Reply next = script.poll();
    switch (next == null ? new Reply.Value("ok from " + deployment.id()) : next) {
      case Reply.Value v -> p.complete(v.value());
      case Reply.Error e -> p.fail(e.error());
      case Reply.Hang h -> {
        if (!h.deaf()) {
          ctx.onCancel(() -> p.tryFail(GatewayException.connection("cancelled", null)));
        }
      }
    }
    return p.future();
  }

  /** The promise of call {@code i}, to complete by hand. */
  Promise<String> pending(int i) {
    return calls.get(i).promise();
  }

  @Override
  public DeploymentConfig deployment() {
    return deployment;
  }

  @Override
  public Future<ChatResponse> chat(ChatRequest request, CallContext ctx) {
    throw new UnsupportedOperationException("tests call send()");
  }

  @Override
  public Future<ChatStream> stream(ChatRequest request, CallContext ctx) {
    throw new UnsupportedOperationException("tests call send()");
  }
}
