package dev.junction.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.StreamChunk;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.SseParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Regression guard for the hot-path rewrites of the OpenAI translation: every OpenAI-format fixture
 * (requests, chat completions and chunk streams of every OpenAI-compatible vendor) is run through
 * reader and writer, and the bytes must equal the golden output recorded from the implementation
 * before it was optimised (commit f637e6c, the tree-based writer and decoder), re-recorded once
 * after deliberate fixes (extras-only chunks kept, null top-level fields and non-OpenAI service
 * tiers dropped, reasoning inferred from total_tokens). Goldens live in
 * {@code src/test/resources/golden/openai/}; {@code -Djunction.golden.write=true} re-records them.
 */
class OpenAiGoldenTest {

  private static final List<String> DIRS = List.of("openai-chat", "deepseek", "groq", "mistral",
      "moonshot", "ollama", "openrouter", "perplexity", "qwen", "vllm", "xai", "zai", "gemini");
  private static final Path GOLDEN = Path.of("src/test/resources/golden/openai");
  private static final boolean WRITE = Boolean.getBoolean("junction.golden.write");

  static Path fixtures() {
    return dev.junction.testing.Fixtures.dir(); // skips (or, in CI, fails) without fixtures
  }

  @TestFactory
  Stream<DynamicTest> everyOpenAiFormatFixtureTranslatesAsBefore() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String dir : DIRS) {
      Path d = fixtures().resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> files = Files.list(d).sorted()) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          String text = Files.readString(f);
          String out = null;
          if (name.endsWith(".request.json") && text.contains("\"messages\"")) {
            out = request(text);
          } else if (name.endsWith(".json") && !name.endsWith(".request.json")
              && text.contains("\"choices\"")) {
            out = response(text);
          } else if (name.endsWith(".sse") && text.contains("chat.completion.chunk")) {
            out = stream(f, true) + "\n=== without include_usage ===\n" + stream(f, false);
          }
          if (out != null) {
            String result = out;
            Path golden = GOLDEN.resolve(dir).resolve(name + ".out");
            tests.add(DynamicTest.dynamicTest(dir + "/" + name, () -> check(golden, result)));
          }
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(60);
    return tests.stream();
  }

  private static void check(Path golden, String actual) throws IOException {
    if (WRITE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual);
      return;
    }
    assertThat(golden).exists();
    assertThat(actual).isEqualTo(Files.readString(golden));
  }

  /** Client request -> canonical -> upstream body, whole and streamed, OpenAI and Mistral. */
  private static String request(String json) {
    try {
      ChatRequest r = OpenAiRequestReader.read(Json.parseObject(json.getBytes(
          StandardCharsets.UTF_8)));
      OpenAiVendor openai = OpenAiVendor.forName("openai").orElseThrow();
      OpenAiVendor mistral = OpenAiVendor.forName("mistral").orElseThrow();
      return body(r.withStream(false, false), openai) + "\n"
          + body(r.withStream(true, true), openai) + "\n"
          + body(r.withStream(true, true), mistral) + "\n";
    } catch (GatewayException e) {
      return "error " + e.status() + " " + e.code() + " " + e.getMessage() + "\n";
    }
  }

  private static String body(ChatRequest r, OpenAiVendor vendor) {
    return new OpenAiCodec(vendor).chatCall(r, dev.junction.config.DeploymentConfig.of(
        vendor.name(), "m", "http://127.0.0.1:1/v1", null)).body().toString(StandardCharsets.UTF_8);
  }

  /** Upstream chat completion -> canonical -> client body. */
  private static String response(String json) {
    try {
      return new String(OpenAiResponseWriter.chat(OpenAiResponseReader.readChat(
          json.getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8) + "\n";
    } catch (GatewayException e) {
      return "error " + e.status() + " " + e.code() + " " + e.getMessage() + "\n";
    }
  }

  /** Upstream SSE -> canonical chunks -> client SSE, fed in 7-byte slices. */
  private static String stream(Path sse, boolean includeUsage) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
    OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(includeUsage);
    Consumer<StreamChunk> emit = c -> {
      byte[] b = encoder.chunk(c);
      if (b != null) {
        out.writeBytes(b);
      }
    };
    SseParser parser = new SseParser((event, data) -> decoder.onEvent(event, data, emit));
    try {
      byte[] bytes = Files.readAllBytes(sse);
      for (int i = 0; i < bytes.length; i += 7) {
        parser.feed(bytes, i, Math.min(7, bytes.length - i));
      }
      parser.end();
      decoder.onEnd(emit);
      out.writeBytes(encoder.end());
    } catch (GatewayException e) {
      out.writeBytes(encoder.error(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
