package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.ModelConfig;
import dev.junction.config.Timeouts;
import dev.junction.provider.CallContext;
import dev.junction.provider.ChatStream;
import dev.junction.provider.Upstream;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RouteTest {

  private static Upstream upstream(String id, int weight, int priority) {
    DeploymentConfig d = new DeploymentConfig(id, "openai", "m", null, null, Map.of(), weight,
        priority, Timeouts.DEFAULTS, JsonNodeFactory.instance.objectNode());
    return new Upstream() {
      @Override
      public DeploymentConfig deployment() {
        return d;
      }

      @Override
      public Future<ChatResponse> chat(ChatRequest request, CallContext ctx) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Future<ChatStream> stream(ChatRequest request, CallContext ctx) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void lowerPriorityTierAlwaysComesFirst() {
    Route r = new Route("m", ModelConfig.Kind.CHAT,
        List.of(upstream("backup", 100, 2), upstream("main-a", 1, 1), upstream("main-b", 1, 1)));
    RandomGenerator random = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      List<Upstream> c = r.candidates(random);
      assertThat(c).hasSize(3);
      assertThat(c.get(2).deployment().id()).isEqualTo("backup");
    }
  }

  @Test
  void weightsSetHowOftenADeploymentGoesFirst() {
    Route r = new Route("m", ModelConfig.Kind.CHAT,
        List.of(upstream("heavy", 3, 1), upstream("light", 1, 1), upstream("never", 0, 1)));
    RandomGenerator random = new SplittableRandom(42);
    Map<String, Integer> first = new HashMap<>();
    int n = 40_000;
    for (int i = 0; i < n; i++) {
      first.merge(r.candidates(random).get(0).deployment().id(), 1, Integer::sum);
    }
    assertThat(first.get("heavy") / (double) n).isBetween(0.72, 0.78);
    assertThat(first.get("light") / (double) n).isBetween(0.22, 0.28);
    assertThat(first).doesNotContainKey("never");
  }

  @Test
  void routerResolvesExactNamesThenVendorWildcards() {
    Route exact = new Route("gpt-4o", ModelConfig.Kind.CHAT, List.of(upstream("a", 1, 1)));
    Route wild = new Route("openai/*", ModelConfig.Kind.CHAT, List.of(upstream("b", 1, 1)));
    Router router = Router.of(List.of(exact, wild));
    assertThat(router.route("gpt-4o")).contains(exact);
    assertThat(router.route("openai/gpt-4.1-nano")).contains(wild);
    assertThat(router.route("anthropic/claude")).isEmpty();
    assertThat(router.routes()).containsExactly(exact);
  }
}
