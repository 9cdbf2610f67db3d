package dev.junction.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Reads vendors' error answers into {@link GatewayException}s: the message and code from the body
 * (OpenAI and compatible vendors {@code {"error":{"message","type","code"}}}, Anthropic {@code
 * {"type":"error","error":{"type","message"}}}, Gemini {@code {"error":{"code","message","status"}}},
 * Ollama {@code {"error":"…"}}), and the wait the vendor asked for from {@code retry-after-ms},
 * {@code Retry-After} (seconds or HTTP date), the {@code x-ratelimit-reset-*} headers of OpenAI
 * ({@code 6m0s}, {@code 20ms}) and Anthropic (RFC 3339 instants), or a Gemini {@code RetryInfo}.
 */
public final class UpstreamErrors {

  private UpstreamErrors() {}

  /** Decodes an error answer with the given status. */
  public static GatewayException decode(int status, MultiMap headers, byte[] body) {
    String message = null;
    String code = null;
    long retryAfter = retryAfterMillis(headers, System.currentTimeMillis());
    JsonNode root = null;
    try {
      root = body.length == 0 ? null : Json.MAPPER.readTree(body);
    } catch (Exception e) {
      // not JSON: use the text below
    }
    if (root != null && root.isObject()) {
      JsonNode err = root.get("error");
      if (err != null && err.isTextual()) {
        message = err.asText();
      } else if (err != null && err.isObject()) {
        message = text(err.get("message"));
        code = text(err.get("code"));
        if (code == null) {
          code = text(err.get("status"));
        }
        if (code == null) {
          code = text(err.get("type"));
        }
        if (retryAfter < 0) {
          retryAfter = geminiRetryDelay(err.get("details"));
        }
      } else if (root.has("message")) {
        message = text(root.get("message"));
      }
      if (root.has("type") && "error".equals(text(root.get("type"))) && err != null
          && err.isObject()) {
        code = text(err.get("type"));
      }
    }
    if (message == null) {
      String raw = new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8).strip();
      message = raw.isEmpty() ? "upstream answered HTTP " + status : raw;
    }
    if (isKeyRejection(code, message)) {
      return GatewayException.upstreamAuth(status, ", " + code, message);
    }
    return GatewayException.upstream(status, code, message, retryAfter);
  }

  /** Gemini says 400 {@code API_KEY_INVALID} for a bad key. */
  private static boolean isKeyRejection(@Nullable String code, String message) {
    return (code != null && code.contains("API_KEY_INVALID"))
        || message.startsWith("API key not valid");
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || n.isNull() ? null : n.isTextual() ? n.asText() : n.toString();
  }

  /** The wait asked for by the vendor's headers, in milliseconds, or -1. */
  public static long retryAfterMillis(MultiMap headers, long nowMillis) {
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      try {
        return Math.max(0, (long) Double.parseDouble(ms.trim()));
      } catch (NumberFormatException ignored) {
        // fall through
      }
    }
    String ra = headers.get("retry-after");
    if (ra != null) {
      ra = ra.trim();
      try {
        return Math.max(0, (long) (Double.parseDouble(ra) * 1000));
      } catch (NumberFormatException e) {
        try {
          long at = ZonedDateTime.parse(ra, DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant().toEpochMilli();
          return Math.max(0, at - nowMillis);
        } catch (RuntimeException ignored) {
          // fall through
        }
      }
    }
    long best = -1;
    for (String h : new String[] {"x-ratelimit-reset-requests", "x-ratelimit-reset-tokens",
        "anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
        "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset"}) {
      String v = headers.get(h);
      if (v != null) {
        long d = parseReset(v.trim(), nowMillis);
        if (d >= 0 && (best < 0 || d < best)) {
          best = d;
        }
      }
    }
    return best;
  }

  /** Parses {@code 1m30s}, {@code 6m0s}, {@code 20ms}, {@code 1.5s} or an RFC 3339 instant. */
  static long parseReset(String v, long nowMillis) {
    if (v.isEmpty()) {
      return -1;
    }
    if (Character.isDigit(v.charAt(0)) && v.indexOf('T') > 0) {
      try {
        return Math.max(0, Instant.parse(v).toEpochMilli() - nowMillis);
      } catch (RuntimeException e) {
        return -1;
      }
    }
    double total = 0;
    int i = 0;
    boolean any = false;
    while (i < v.length()) {
      int start = i;
      while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        return -1;
      }
      double num;
      try {
        num = Double.parseDouble(v.substring(start, i));
      } catch (NumberFormatException e) {
        return -1;
      }
      int unitStart = i;
      while (i < v.length() && Character.isLetter(v.charAt(i))) {
        i++;
      }
      String unit = v.substring(unitStart, i);
      switch (unit) {
        case "h" -> total += num * 3_600_000;
        case "m" -> total += num * 60_000;
        case "s", "" -> total += num * 1000;
        case "ms" -> total += num;
        default -> {
          return -1;
        }
      }
      any = true;
    }
    return any ? (long) Math.ceil(total) : -1;
  }

  private static long geminiRetryDelay(@Nullable JsonNode details) {
    if (details == null || !details.isArray()) {
      return -1;
    }
    for (JsonNode d : details) {
      JsonNode type = d.get("@type");
      JsonNode delay = d.get("retryDelay");
      if (type != null && type.asText().endsWith("RetryInfo") && delay != null) {
        return parseReset(delay.asText(), 0);
      }
    }
    return -1;
  }
}
