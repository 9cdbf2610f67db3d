package dev.junction.chat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One piece of a message's content. Immutable.
 *
 * <p>{@code cacheControl} carries an Anthropic-style prompt-cache marker ({@code
 * {"type":"ephemeral","ttl":"1h"}}) across translation; adapters of vendors without explicit cache
 * markers ignore it.
 */
public sealed interface ContentPart {

  /** Plain text. */
  record Text(String text, @Nullable JsonNode cacheControl) implements ContentPart {
    public Text {
      requireNonNull(text, "text");
    }

    public Text(String text) {
      this(text, null);
    }
  }

  /**
   * An image, either by URL or inline. For inline images {@code data} holds base64 and {@code
   * mediaType} the MIME type; for URL images {@code url} is set and {@code data} is null.
   */
  record Image(
      @Nullable String url,
      @Nullable String mediaType,
      @Nullable String data,
      @Nullable String detail,
      @Nullable JsonNode cacheControl)
      implements ContentPart {

    /** The image as a URL: the original URL, or a {@code data:} URL built from inline bytes. */
    public String asUrl() {
      if (url != null) {
        return url;
      }
      return "data:" + (mediaType == null ? "application/octet-stream" : mediaType) + ";base64," + data;
    }

    /** Parses an OpenAI {@code image_url.url}, splitting {@code data:} URLs into type and bytes. */
    public static Image fromUrl(String url, @Nullable String detail) {
      requireNonNull(url, "url");
      if (url.startsWith("data:")) {
        int comma = url.indexOf(',');
        int semi = url.indexOf(';');
        if (comma > 0 && semi > 0 && semi < comma && url.startsWith(";base64", semi)) {
          return new Image(null, url.substring(5, semi), url.substring(comma + 1), detail, null);
        }
      }
      return new Image(url, null, null, detail, null);
    }
  }

  /**
   * A document (PDF or plain text): inline base64 {@code data} with its {@code mediaType}, or a
   * {@code url}. Maps to Anthropic document blocks, Gemini inline data and OpenAI file parts.
   */
  record Document(
      @Nullable String url,
      @Nullable String mediaType,
      @Nullable String data,
      @Nullable String title,
      @Nullable JsonNode cacheControl)
      implements ContentPart {}

  /** Model reasoning shown in an assistant turn, with the vendor's signature when it gave one. */
  record Thinking(String text, @Nullable String signature) implements ContentPart {
    public Thinking {
      requireNonNull(text, "text");
    }
  }

  /** Reasoning the vendor returned encrypted (Anthropic {@code redacted_thinking}). */
  record RedactedThinking(String data) implements ContentPart {
    public RedactedThinking {
      requireNonNull(data, "data");
    }
  }
}
