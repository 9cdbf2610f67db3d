package dev.junction.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.StreamChunk;
import dev.junction.provider.SseParser;
import dev.junction.provider.StreamDecoder;
import dev.junction.testing.Fixtures;
import dev.junction.testing.Fixtures.Case;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which recorded fixtures speak the OpenAI Chat Completions wire format (the scope of this
 * conformance suite), the vendor profile each was recorded from, and stream replay through the
 * production {@link SseParser} and {@link OpenAiStreamDecoder}.
 *
 * <p>Scope is decided from {@code manifest.json}, so a new fixture of an in-scope vendor is
 * picked up (and must pass) without touching the tests.
 */
final class OpenAiCases {

  /** Fixture folders holding OpenAI-compatible vendors (plus Gemini's OpenAI mode, see below). */
  static final Set<String> VENDORS = Set.of("openai-chat", "deepseek", "xai", "qwen", "mistral",
      "groq", "openrouter", "vllm", "zai", "perplexity", "moonshot", "ollama", "gemini");

  private OpenAiCases() {}

  /** The cases this suite replays. */
  static List<Case> covered() {
    return Fixtures.manifest().stream()
        .filter(c -> VENDORS.contains(c.provider()) && exclusion(c).isEmpty()
            && !(c.provider().equals("gemini") && !c.name().startsWith("openai-compat")))
        .toList();
  }

  /** Cases of the in-scope vendors that are not OpenAI Chat Completions, with the reason. */
  static Map<Case, String> excluded() {
    Map<Case, String> out = new LinkedHashMap<>();
    for (Case c : Fixtures.manifest()) {
      if (VENDORS.contains(c.provider())) {
        exclusion(c).ifPresent(reason -> out.put(c, reason));
      }
    }
    return out;
  }

  private static Optional<String> exclusion(Case c) {
    if ((c.provider().equals("deepseek") && c.name().startsWith("responses-api"))
        || (c.provider().equals("xai") && c.name().startsWith("responses-"))) {
      return Optional.of("OpenAI Responses API, not Chat Completions");
    }
    if (c.provider().equals("ollama") && !c.name().startsWith("openai-compat-")) {
      return Optional.of("Ollama native API (/api/chat, /api/generate, NDJSON), not OpenAI");
    }
    return Optional.empty();
  }

  /** The vendor profile a case was recorded from. */
  static OpenAiVendor vendor(Case c) {
    String name = switch (c.provider()) {
      case "openai-chat" -> "openai";
      case "gemini" -> "openai-compatible";
      default -> c.provider();
    };
    return OpenAiVendor.forName(name).orElseThrow();
  }

  static String response(Case c) {
    return c.response().orElseThrow(() -> new AssertionError(c + ": no response file"));
  }

  static boolean isStream(Case c) {
    return response(c).endsWith(".sse");
  }

  /** An error answer: recorded with an error status, or tagged as one (a 200 error body/stream). */
  static boolean isError(Case c) {
    return (c.httpStatus() != null && c.httpStatus() >= 400) || c.hasTag("error");
  }

  /** The {@code error} object of an error body, or of the first stream event carrying one. */
  static JsonNode errorObject(Case c) {
    if (!isStream(c)) {
      return Fixtures.json(response(c)).path("error");
    }
    for (Sse.Event e : Sse.parse(Fixtures.read(response(c)))) {
      if (!e.isDone()) {
        JsonNode err = Fixtures.json(e.data().getBytes(StandardCharsets.UTF_8)).get("error");
        if (err != null && !err.isNull()) {
          return err;
        }
      }
    }
    throw new AssertionError(c + ": no error object in the stream");
  }

  /** Feeds a stream to the production parser and decoder, {@code slice} bytes at a time. */
  static final class Replay {
    final List<StreamChunk> chunks = new ArrayList<>();
    private final StreamDecoder decoder = new OpenAiStreamDecoder();
    private final SseParser parser =
        new SseParser((event, data) -> decoder.onEvent(event, data, chunks::add));

    /** Feeds the bytes (and flushes a trailing event without its blank line). */
    Replay feed(byte[] body, int slice) {
      for (int off = 0; off < body.length; off += slice) {
        parser.feed(body, off, Math.min(slice, body.length - off));
      }
      parser.end();
      return this;
    }

    /** Signals the end of the body to the decoder. */
    List<StreamChunk> end() {
      decoder.onEnd(chunks::add);
      return chunks;
    }
  }

  /** The canonical chunks of a whole stream body. */
  static List<StreamChunk> replay(byte[] body, int slice) {
    return new Replay().feed(body, slice).end();
  }
}
