package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.models.Model;
import dev.junction.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoints that need no upstream: the model list (through the SDK), health, unknown URLs. */
class EndpointsTest {

  private static FakeUpstream fake;
  private static RunningGateway gateway;

  @BeforeAll
  static void start() {
    fake = FakeUpstream.start();
    gateway = RunningGateway.start("""
        models:
          - name: gpt-test
            deployments:
              - {provider: openai, model: gpt-upstream-id, base-url: %1$s, api-key: k}
          - name: deepseek-test
            deployments:
              - {provider: deepseek, model: deepseek-chat, base-url: %1$s, api-key: k}
          - name: embed-test
            kind: embedding
            deployments:
              - {provider: openai, model: text-embedding-3-small, base-url: %1$s, api-key: k}
        """.formatted(fake.baseUrl()));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void modelsListNamesEveryConfiguredModelWithItsProvider() {
    List<Model> models = gateway.sdk().models().list().data();
    assertThat(models).extracting(Model::id)
        .containsExactly("gpt-test", "deepseek-test", "embed-test");
    assertThat(models).extracting(Model::ownedBy)
        .containsExactly("openai", "deepseek", "openai");
    assertThat(fake.requestCount()).as("no upstream is asked").isZero();
  }

  @Test
  void healthEndpoints() {
    HttpResponse<String> live = gateway.send("GET", "/health/live", null);
    assertThat(live.statusCode()).isEqualTo(200);
    HttpResponse<String> ready = gateway.send("GET", "/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(RunningGateway.json(ready).path("models").asInt())
        .isEqualTo(3);
  }

  @Test
  void unknownUrlIs404() {
    HttpResponse<String> resp = gateway.send("POST", "/v1/completions", "{}");
    assertThat(resp.statusCode()).isEqualTo(404);
    assertThat(RunningGateway.error(resp).path("code").asText()).isEqualTo("unknown_url");
  }

  @Test
  void anEmbeddingModelRefusesChat() {
    HttpResponse<String> resp = gateway.post("/v1/chat/completions",
        "{\"model\":\"embed-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(resp.statusCode()).isEqualTo(400);
    assertThat(RunningGateway.error(resp).path("param").asText()).isEqualTo("model");
    assertThat(fake.requestCount()).isZero();
  }
}
