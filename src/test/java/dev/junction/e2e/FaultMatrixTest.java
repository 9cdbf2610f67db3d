package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.Json;
import dev.junction.testing.FakeUpstream;
import dev.junction.testing.Reply;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP fault matrix, end to end: a deployment scripted to fail in one way (429 with
 * Retry-After, 500, Anthropic's 529, connection refused, reset mid-response, stall before the first
 * byte, stall mid-response, drop after some events), asked for a whole answer or a stream, through
 * the OpenAI front and the Anthropic front, on a route where a healthy deployment stands behind it
 * ({@code pair}) and on a route with the failing one alone ({@code solo}).
 *
 * <p>Every cell has its own model and deployments, so the health the gateway learns in one cell
 * (a breaker, a 429 cooldown) cannot leak into another. For each cell the test asserts, against one
 * table ({@link #cells()}): what the client saw (a complete answer, an error status and type in
 * its dialect, or an error inside a stream that had already started), the {@code x-junction-*}
 * headers, and the upstream calls each fake received. Then that nothing was left behind: every
 * exchange the fakes saw is over (answered or its connection closed) and no call of the cell's
 * deployments is still counted in flight.
 *
 * <p>Time is real but short: the failing deployment's first-token and idle timeouts are 400 ms,
 * a call without its first token (for a whole answer: the answer) after 200 ms is hedged, retry
 * backoff is capped at 50 ms and a {@code Retry-After} above 500 ms ends retries. The gateway is
 * warmed up first so that no fast failure is slow enough to be hedged. Nothing sleeps to assert
 * timing; waits are bounded polls, and the client's timeout (15 s) catches a hang.
 */
class FaultMatrixTest {

  private static final Duration DRAIN = Duration.ofSeconds(10);

  /** How the failing deployment fails. */
  enum Fault {
    RATE_LIMITED_429, SERVER_ERROR_500, OVERLOADED_529, REFUSED, RESET_MID_RESPONSE,
    STALL_BEFORE_FIRST_BYTE, STALL_MID_RESPONSE, DROP_AFTER_EVENTS;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  enum Mode { WHOLE, STREAM }

  enum Front { OPENAI, ANTHROPIC }

  /**
   * {@code PAIR}: the failing deployment first, a healthy one in priority tier 2. {@code SOLO}: the
   * failing deployment alone. {@code FALLBACK}: the failing deployment alone, with a fallback model
   * served by a healthy deployment.
   */
  enum Route { PAIR, SOLO, FALLBACK }

  private static final String OPENAI_TEXT = "openai-chat/text-basic.json";
  private static final String OPENAI_STREAM = "openai-chat/text-stream-include-usage.sse";

  /**
   * The expected outcome of each cell, one line each: fault, mode, front, route, then what the
   * client got ({@code ok}: a complete answer; {@code error STATUS TYPE}: an error response in the
   * front's dialect; {@code stream-error TYPE}: an error event in a stream that had already
   * started), the response headers ({@code dep}: x-junction-deployment without the cell prefix,
   * {@code att}: x-junction-attempts, {@code fb}: x-junction-fallback, {@code hedged}:
   * x-junction-hedged; "-" when absent), and the upstream calls each fake received.
   */
  private static final String TABLE = """
      RATE_LIMITED_429        WHOLE  OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      RATE_LIMITED_429        WHOLE  OPENAI    SOLO     | error 429 rate_limit_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      RATE_LIMITED_429        WHOLE  OPENAI    FALLBACK | ok; dep=fb-good att=2 fb=c2-fb; reason=exhausted; from=c2 hedged=-; calls bad=1 good=1
      RATE_LIMITED_429        WHOLE  ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      RATE_LIMITED_429        WHOLE  ANTHROPIC SOLO     | error 429 rate_limit_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      RATE_LIMITED_429        WHOLE  ANTHROPIC FALLBACK | ok; dep=fb-good att=2 fb=c5-fb; reason=exhausted; from=c5 hedged=-; calls bad=1 good=1
      RATE_LIMITED_429        STREAM OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      RATE_LIMITED_429        STREAM OPENAI    SOLO     | error 429 rate_limit_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      RATE_LIMITED_429        STREAM OPENAI    FALLBACK | ok; dep=fb-good att=2 fb=c8-fb; reason=exhausted; from=c8 hedged=-; calls bad=1 good=1
      RATE_LIMITED_429        STREAM ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      RATE_LIMITED_429        STREAM ANTHROPIC SOLO     | error 429 rate_limit_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      RATE_LIMITED_429        STREAM ANTHROPIC FALLBACK | ok; dep=fb-good att=2 fb=c11-fb; reason=exhausted; from=c11 hedged=-; calls bad=1 good=1
      SERVER_ERROR_500        WHOLE  OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      SERVER_ERROR_500        WHOLE  OPENAI    SOLO     | error 502 upstream_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      SERVER_ERROR_500        WHOLE  OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c14-fb; reason=exhausted; from=c14 hedged=-; calls bad=3 good=1
      SERVER_ERROR_500        WHOLE  ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      SERVER_ERROR_500        WHOLE  ANTHROPIC SOLO     | error 500 api_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      SERVER_ERROR_500        WHOLE  ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c17-fb; reason=exhausted; from=c17 hedged=-; calls bad=3 good=1
      SERVER_ERROR_500        STREAM OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      SERVER_ERROR_500        STREAM OPENAI    SOLO     | error 502 upstream_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      SERVER_ERROR_500        STREAM OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c20-fb; reason=exhausted; from=c20 hedged=-; calls bad=3 good=1
      SERVER_ERROR_500        STREAM ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      SERVER_ERROR_500        STREAM ANTHROPIC SOLO     | error 500 api_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      SERVER_ERROR_500        STREAM ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c23-fb; reason=exhausted; from=c23 hedged=-; calls bad=3 good=1
      OVERLOADED_529          WHOLE  OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      OVERLOADED_529          WHOLE  OPENAI    SOLO     | error 503 server_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      OVERLOADED_529          WHOLE  OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c26-fb; reason=exhausted; from=c26 hedged=-; calls bad=3 good=1
      OVERLOADED_529          WHOLE  ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      OVERLOADED_529          WHOLE  ANTHROPIC SOLO     | error 529 overloaded_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      OVERLOADED_529          WHOLE  ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c29-fb; reason=exhausted; from=c29 hedged=-; calls bad=3 good=1
      OVERLOADED_529          STREAM OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      OVERLOADED_529          STREAM OPENAI    SOLO     | error 503 server_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      OVERLOADED_529          STREAM OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c32-fb; reason=exhausted; from=c32 hedged=-; calls bad=3 good=1
      OVERLOADED_529          STREAM ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      OVERLOADED_529          STREAM ANTHROPIC SOLO     | error 529 overloaded_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      OVERLOADED_529          STREAM ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c35-fb; reason=exhausted; from=c35 hedged=-; calls bad=3 good=1
      REFUSED                 WHOLE  OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=0 good=1
      REFUSED                 WHOLE  OPENAI    SOLO     | error 502 upstream_error; dep=bad att=3 fb=- hedged=-; calls bad=0 good=0
      REFUSED                 WHOLE  OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c38-fb; reason=exhausted; from=c38 hedged=-; calls bad=0 good=1
      REFUSED                 WHOLE  ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=0 good=1
      REFUSED                 WHOLE  ANTHROPIC SOLO     | error 500 api_error; dep=bad att=3 fb=- hedged=-; calls bad=0 good=0
      REFUSED                 WHOLE  ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c41-fb; reason=exhausted; from=c41 hedged=-; calls bad=0 good=1
      REFUSED                 STREAM OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=0 good=1
      REFUSED                 STREAM OPENAI    SOLO     | error 502 upstream_error; dep=bad att=3 fb=- hedged=-; calls bad=0 good=0
      REFUSED                 STREAM OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c44-fb; reason=exhausted; from=c44 hedged=-; calls bad=0 good=1
      REFUSED                 STREAM ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=0 good=1
      REFUSED                 STREAM ANTHROPIC SOLO     | error 500 api_error; dep=bad att=3 fb=- hedged=-; calls bad=0 good=0
      REFUSED                 STREAM ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c47-fb; reason=exhausted; from=c47 hedged=-; calls bad=0 good=1
      RESET_MID_RESPONSE      WHOLE  OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      RESET_MID_RESPONSE      WHOLE  OPENAI    SOLO     | error 502 upstream_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      RESET_MID_RESPONSE      WHOLE  OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c50-fb; reason=exhausted; from=c50 hedged=-; calls bad=3 good=1
      RESET_MID_RESPONSE      WHOLE  ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      RESET_MID_RESPONSE      WHOLE  ANTHROPIC SOLO     | error 500 api_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      RESET_MID_RESPONSE      WHOLE  ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c53-fb; reason=exhausted; from=c53 hedged=-; calls bad=3 good=1
      RESET_MID_RESPONSE      STREAM OPENAI    PAIR     | stream-error upstream_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      RESET_MID_RESPONSE      STREAM OPENAI    SOLO     | stream-error upstream_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      RESET_MID_RESPONSE      STREAM OPENAI    FALLBACK | stream-error upstream_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      RESET_MID_RESPONSE      STREAM ANTHROPIC PAIR     | stream-error api_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      RESET_MID_RESPONSE      STREAM ANTHROPIC SOLO     | stream-error api_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      RESET_MID_RESPONSE      STREAM ANTHROPIC FALLBACK | stream-error api_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      STALL_BEFORE_FIRST_BYTE WHOLE  OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=true; calls bad=1 good=1
      STALL_BEFORE_FIRST_BYTE WHOLE  OPENAI    SOLO     | error 504 timeout_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      STALL_BEFORE_FIRST_BYTE WHOLE  OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c62-fb; reason=exhausted; from=c62 hedged=-; calls bad=3 good=1
      STALL_BEFORE_FIRST_BYTE WHOLE  ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=true; calls bad=1 good=1
      STALL_BEFORE_FIRST_BYTE WHOLE  ANTHROPIC SOLO     | error 504 timeout_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      STALL_BEFORE_FIRST_BYTE WHOLE  ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c65-fb; reason=exhausted; from=c65 hedged=-; calls bad=3 good=1
      STALL_BEFORE_FIRST_BYTE STREAM OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=true; calls bad=1 good=1
      STALL_BEFORE_FIRST_BYTE STREAM OPENAI    SOLO     | error 504 timeout_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      STALL_BEFORE_FIRST_BYTE STREAM OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c68-fb; reason=exhausted; from=c68 hedged=-; calls bad=3 good=1
      STALL_BEFORE_FIRST_BYTE STREAM ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=true; calls bad=1 good=1
      STALL_BEFORE_FIRST_BYTE STREAM ANTHROPIC SOLO     | error 504 timeout_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      STALL_BEFORE_FIRST_BYTE STREAM ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c71-fb; reason=exhausted; from=c71 hedged=-; calls bad=3 good=1
      STALL_MID_RESPONSE      WHOLE  OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=true; calls bad=1 good=1
      STALL_MID_RESPONSE      WHOLE  OPENAI    SOLO     | error 504 timeout_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      STALL_MID_RESPONSE      WHOLE  OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c74-fb; reason=exhausted; from=c74 hedged=-; calls bad=3 good=1
      STALL_MID_RESPONSE      WHOLE  ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=true; calls bad=1 good=1
      STALL_MID_RESPONSE      WHOLE  ANTHROPIC SOLO     | error 504 timeout_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      STALL_MID_RESPONSE      WHOLE  ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c77-fb; reason=exhausted; from=c77 hedged=-; calls bad=3 good=1
      STALL_MID_RESPONSE      STREAM OPENAI    PAIR     | stream-error timeout_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      STALL_MID_RESPONSE      STREAM OPENAI    SOLO     | stream-error timeout_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      STALL_MID_RESPONSE      STREAM OPENAI    FALLBACK | stream-error timeout_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      STALL_MID_RESPONSE      STREAM ANTHROPIC PAIR     | stream-error timeout_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      STALL_MID_RESPONSE      STREAM ANTHROPIC SOLO     | stream-error timeout_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      STALL_MID_RESPONSE      STREAM ANTHROPIC FALLBACK | stream-error timeout_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      DROP_AFTER_EVENTS       WHOLE  OPENAI    PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      DROP_AFTER_EVENTS       WHOLE  OPENAI    SOLO     | error 502 upstream_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      DROP_AFTER_EVENTS       WHOLE  OPENAI    FALLBACK | ok; dep=fb-good att=4 fb=c86-fb; reason=exhausted; from=c86 hedged=-; calls bad=3 good=1
      DROP_AFTER_EVENTS       WHOLE  ANTHROPIC PAIR     | ok; dep=good att=2 fb=- hedged=-; calls bad=1 good=1
      DROP_AFTER_EVENTS       WHOLE  ANTHROPIC SOLO     | error 500 api_error; dep=bad att=3 fb=- hedged=-; calls bad=3 good=0
      DROP_AFTER_EVENTS       WHOLE  ANTHROPIC FALLBACK | ok; dep=fb-good att=4 fb=c89-fb; reason=exhausted; from=c89 hedged=-; calls bad=3 good=1
      DROP_AFTER_EVENTS       STREAM OPENAI    PAIR     | stream-error upstream_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      DROP_AFTER_EVENTS       STREAM OPENAI    SOLO     | stream-error upstream_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      DROP_AFTER_EVENTS       STREAM OPENAI    FALLBACK | stream-error upstream_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      DROP_AFTER_EVENTS       STREAM ANTHROPIC PAIR     | stream-error api_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      DROP_AFTER_EVENTS       STREAM ANTHROPIC SOLO     | stream-error api_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      DROP_AFTER_EVENTS       STREAM ANTHROPIC FALLBACK | stream-error api_error; dep=bad att=1 fb=- hedged=-; calls bad=1 good=0
      """;

  private static FakeUpstream bad;
  private static FakeUpstream good;
  private static String refused;
  private static RunningGateway gateway;

  private static final List<Object[]> ROWS = new ArrayList<>();
  private static final Map<String, Integer> INDEX = new LinkedHashMap<>();

  static {
    for (String line : TABLE.strip().split("\n")) {
      String[] halves = line.split("\\|", 2);
      String[] k = halves[0].trim().split("\\s+");
      Object[] row = {Fault.valueOf(k[0]), Mode.valueOf(k[1]), Front.valueOf(k[2]),
          Route.valueOf(k[3]), halves[1].trim()};
      INDEX.put(key((Fault) row[0], (Mode) row[1], (Front) row[2], (Route) row[3]), ROWS.size());
      ROWS.add(row);
    }
  }

  static Stream<Arguments> cells() {
    return ROWS.stream().map(Arguments::of);
  }

  private static String key(Fault f, Mode m, Front fr, Route r) {
    return f + "/" + m + "/" + fr + "/" + r;
  }

  @BeforeAll
  static void start() {
    bad = FakeUpstream.start();
    good = FakeUpstream.start();
    refused = FakeUpstream.refusedBaseUrl();
    StringBuilder yaml = new StringBuilder("""
        providers-from-env: false
        server:
          shutdown-grace: 200ms
        models:
        """);
    StringBuilder fallbacks = new StringBuilder();
    for (Object[] row : ROWS) {
      Fault f = (Fault) row[0];
      Route r = (Route) row[3];
      String model = model(key(f, (Mode) row[1], (Front) row[2], r));
      String badProvider = f == Fault.OVERLOADED_529 ? "anthropic" : "openai";
      String badUrl = f == Fault.REFUSED ? refused
          : f == Fault.OVERLOADED_529 ? bad.origin() : bad.baseUrl();
      yaml.append("""
            - name: %1$s
              deployments:
                - id: %1$s-bad
                  provider: %2$s
                  model: upstream-bad
                  base-url: %3$s
                  api-key: sk-bad
                  timeouts: {connect: 1s, first-token: 400ms, idle: 400ms, total: 30s}
          """.formatted(model, badProvider, badUrl));
      if (r == Route.PAIR) {
        yaml.append("""
                  - id: %1$s-good
                    provider: openai
                    model: upstream-good
                    base-url: %2$s
                    api-key: sk-good
                    priority: 2
            """.formatted(model, good.baseUrl()));
      }
      if (r == Route.FALLBACK) {
        fallbacks.append("    ").append(model).append(": [").append(model).append("-fb]\n");
        yaml.append("""
            - name: %1$s-fb
              deployments:
                - id: %1$s-fb-good
                  provider: openai
                  model: upstream-good
                  base-url: %2$s
                  api-key: sk-good
          """.formatted(model, good.baseUrl()));
      }
    }
    yaml.append("""
          - name: warm-up
            deployments:
              - id: warm-up
                provider: openai
                model: upstream-good
                base-url: %s
                api-key: sk-good
        """.formatted(good.baseUrl()));
    yaml.append(RoutingSection.YAML).append("  fallbacks:\n").append(fallbacks);
    gateway = RunningGateway.startAsConfigured(yaml.toString());
    for (Mode mode : Mode.values()) {
      good.otherwise(Reply.fixture(mode == Mode.STREAM ? OPENAI_STREAM : OPENAI_TEXT));
      for (Front front : Front.values()) {
        assertThat(send("warm-up", mode, front).statusCode()).as("warm-up").isEqualTo(200);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (bad != null) {
      bad.close();
    }
    if (good != null) {
      good.close();
    }
  }

  private static String model(String key) {
    return "c" + INDEX.get(key);
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("cells")
  void cell(Fault fault, Mode mode, Front front, Route route, String expected) {
    String model = model(key(fault, mode, front, route));
    bad.reset();
    good.reset();
    bad.otherwise(failing(fault, mode));
    good.otherwise(Reply.fixture(mode == Mode.STREAM ? OPENAI_STREAM : OPENAI_TEXT));

    HttpResponse<String> resp = send(model, mode, front);

    // nothing left behind: every upstream exchange over, nothing in flight
    assertThat(FakeUpstream.poll(() -> bad.openExchanges() == 0 && good.openExchanges() == 0,
        DRAIN)).as("upstream exchanges still open: bad=%d good=%d", bad.openExchanges(),
        good.openExchanges()).isTrue();
    assertThat(FakeUpstream.poll(() -> inFlight(model) == 0, DRAIN))
        .as("calls of %s still in flight: %d", model, inFlight(model)).isTrue();

    String actual = clientSaw(resp, front, mode, model) + "; " + headers(resp, model)
        + "; calls bad=" + bad.requestCount() + " good=" + good.requestCount();
    assertThat(actual).as("body: %s", abbreviate(resp.body())).isEqualTo(expected);
  }

  private static HttpResponse<String> send(String model, Mode mode, Front front) {
    return front == Front.OPENAI
        ? gateway.post("/v1/chat/completions", """
            {"model":"%s","stream":%s,"messages":[{"role":"user","content":"hi"}]}"""
            .formatted(model, mode == Mode.STREAM))
        : gateway.send("POST", "/v1/messages", """
            {"model":"%s","stream":%s,"max_tokens":64,
             "messages":[{"role":"user","content":"hi"}]}"""
            .formatted(model, mode == Mode.STREAM), "anthropic-version", "2023-06-01");
  }

  /** The failing deployment's reply for this fault and mode. */
  private static Reply failing(Fault fault, Mode mode) {
    Reply text = Reply.fixture(mode == Mode.STREAM ? OPENAI_STREAM : OPENAI_TEXT);
    int size = text.bodyBytes().length;
    return switch (fault) {
      case RATE_LIMITED_429 -> Reply.json(429, """
          {"error":{"message":"Rate limit reached for requests","type":"requests",\
          "param":null,"code":"rate_limit_exceeded"}}""").retryAfter(1);
      case SERVER_ERROR_500 -> Reply.json(500, """
          {"error":{"message":"The server had an error while processing your request.",\
          "type":"server_error","param":null,"code":null}}""");
      case OVERLOADED_529 -> Reply.json(529, """
          {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
      case REFUSED -> text; // never reached: nothing listens at the deployment's address
      case RESET_MID_RESPONSE -> mode == Mode.STREAM
          ? text.resetAfterBytes(firstEventSize(text) + 10) : text.resetAfterBytes(size / 2);
      case STALL_BEFORE_FIRST_BYTE -> text.stallBeforeFirstByte();
      case STALL_MID_RESPONSE -> mode == Mode.STREAM
          ? text.stallAfterEvents(2) : text.stallAfterBytes(size / 2);
      // a whole answer is one event: dropped after 0 of them, i.e. before any response byte
      case DROP_AFTER_EVENTS -> text.dropAfterEvents(mode == Mode.STREAM ? 3 : 0);
    };
  }

  private static int firstEventSize(Reply stream) {
    String body = new String(stream.bodyBytes(), StandardCharsets.UTF_8);
    return body.indexOf("\n\n") + 2;
  }

  /** What the client got, in the words of the table. */
  private static String clientSaw(HttpResponse<String> resp, Front front, Mode mode,
      String model) {
    if (resp.statusCode() != 200) {
      JsonNode body = Json.parse(resp.body().getBytes(StandardCharsets.UTF_8));
      JsonNode error = body.path("error");
      assertThat(error.path("message").asText()).as("an error message").isNotBlank();
      if (front == Front.ANTHROPIC) {
        assertThat(body.path("type").asText()).as("an Anthropic error envelope").isEqualTo("error");
      }
      return "error " + resp.statusCode() + " " + error.path("type").asText();
    }
    String body = resp.body();
    if (mode == Mode.WHOLE) {
      JsonNode json = Json.parse(body.getBytes(StandardCharsets.UTF_8));
      String text = front == Front.OPENAI
          ? json.path("choices").path(0).path("message").path("content").asText()
          : json.path("content").path(0).path("text").asText();
      assertThat(text).as("the answer's text").isNotBlank();
      return "ok";
    }
    String streamError = streamError(body, front);
    if (streamError != null) {
      return "stream-error " + streamError;
    }
    boolean complete = front == Front.OPENAI ? body.contains("data: [DONE]")
        : body.contains("event: message_stop");
    if (complete) {
      assertThat(streamedText(body, front)).as("the streamed text").isNotBlank();
      return "ok";
    }
    return "truncated-stream";
  }

  private static String streamedText(String body, Front front) {
    StringBuilder out = new StringBuilder();
    for (String line : body.split("\n")) {
      if (!line.startsWith("data: {")) {
        continue;
      }
      JsonNode e = Json.parse(line.substring(6).getBytes(StandardCharsets.UTF_8));
      out.append(front == Front.OPENAI
          ? e.path("choices").path(0).path("delta").path("content").asText("")
          : e.path("delta").path("text").asText(""));
    }
    return out.toString();
  }

  /** The type of the error event in a stream, or null when it has none. */
  private static String streamError(String body, Front front) {
    for (String line : body.split("\n")) {
      if (!line.startsWith("data: {")) {
        continue;
      }
      JsonNode e = Json.parse(line.substring(6).getBytes(StandardCharsets.UTF_8));
      if (e.has("error") && (front == Front.OPENAI || "error".equals(e.path("type").asText()))) {
        return e.path("error").path("type").asText();
      }
    }
    return null;
  }

  private static String headers(HttpResponse<String> resp, String model) {
    String dep = resp.headers().firstValue("x-junction-deployment").orElse("-");
    if (dep.startsWith(model + "-")) {
      dep = dep.substring(model.length() + 1);
    }
    return "dep=" + dep
        + " att=" + resp.headers().firstValue("x-junction-attempts").orElse("-")
        + " fb=" + resp.headers().firstValue("x-junction-fallback").orElse("-")
        + " hedged=" + resp.headers().firstValue("x-junction-hedged").orElse("-");
  }

  /** Calls of {@code model}'s deployments (its fallback's included) in flight, from {@code GET /admin/deployments}. */
  private static int inFlight(String model) {
    HttpResponse<String> r = gateway.send("GET", "/admin/deployments", null);
    assertThat(r.statusCode()).as("GET /admin/deployments: %s", r.body()).isEqualTo(200);
    JsonNode json = Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
    JsonNode list = json.isArray() ? json : json.path("deployments");
    int n = 0;
    int found = 0;
    for (JsonNode d : list) {
      if (d.path("deployment").asText().startsWith(model + "-")) {
        found++;
        assertThat(d.path("in_flight").isIntegralNumber()).as("in_flight of %s", d).isTrue();
        n += d.path("in_flight").asInt();
      }
    }
    assertThat(found).as("deployments of %s in /admin/deployments", model).isPositive();
    return n;
  }

  private static String abbreviate(String s) {
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }

  /**
   * The routing section of the test config (its {@code fallbacks} are added per cell): short
   * backoff; a {@code Retry-After} above 500 ms ends a deployment's retries instead of being
   * waited out; a call without its first token after 200 ms is hedged to another deployment when
   * there is one (budget: a hedge per request, so never denied here).
   */
  static final class RoutingSection {
    static final String YAML = """
        routing:
          retry: {max-attempts: 3, base: 10ms, cap: 50ms, deadline: 30s, max-wait: 500ms}
          hedge: {enabled: true, threshold: 200ms, budget-percent: 100}
        """;
  }
}
