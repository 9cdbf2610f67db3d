package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ConfigLoader;
import dev.junction.gateway.CallRecord;
import dev.junction.gateway.Gateway;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up mid-stream leaves no vendor usage; the call is still recorded, with
 * usage counted by the gateway from the prompt and what was streamed, marked as estimated.
 */
class EstimatedUsageTest {

  @Test
  void aStreamCutShortIsRecordedWithEstimatedUsage() throws Exception {
    LinkedBlockingQueue<CallRecord> records = new LinkedBlockingQueue<>();
    Gateway gw = Gateway.builder(ConfigLoader.withEnv(Map.of()).parse("""
        server: {port: 0, event-loops: 1}
        providers-from-env: false
        models:
          - name: slow
            deployments:
              - provider: simulator
                simulator: {output-tokens: 400, tokens-per-second: 200}
        """)).listener(records::add).start().toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    try (Socket s = new Socket("127.0.0.1", gw.port())) {
      String body = "{\"model\":\"slow\",\"stream\":true,\"messages\":[{\"role\":\"user\","
          + "\"content\":\"count to a thousand\"}]}";
      s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\n"
          + "content-type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n"
          + body).getBytes(StandardCharsets.UTF_8));
      InputStream in = s.getInputStream();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in,
          StandardCharsets.UTF_8));
      int events = 0;
      String line;
      while (events < 5 && (line = reader.readLine()) != null) {
        if (line.startsWith("data: {")) {
          events++;
        }
      }
      assertThat(events).isEqualTo(5);
    } // hang up
    CallRecord r = records.poll(10, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(499);
    assertThat(r.usage()).isNotNull();
    assertThat(r.usage().estimated()).isTrue();
    assertThat(r.usage().input()).isPositive();
    assertThat(r.usage().output()).isBetween(5L, 399L); // what was streamed, not the whole answer
    gw.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
