package dev.junction.e2e;

import dev.junction.testing.FakeUpstream;
import dev.junction.testing.Reply;

/**
 * The OpenAI case of the conformance matrix: recorded Chat Completions answers, and OpenAI's
 * documented error bodies for 429 and 500 (no real recording of those exists in the fixtures).
 */
final class OpenAiProviderCase implements ProviderCase {

  private static final String WHOLE = "openai-chat/text-basic.json";
  private static final String STREAM = "openai-chat/text-stream-include-usage.sse";

  @Override
  public String provider() {
    return "openai";
  }

  @Override
  public String upstreamModel() {
    return "gpt-upstream-id";
  }

  @Override
  public String baseUrl(FakeUpstream fake) {
    return fake.baseUrl();
  }

  @Override
  public String upstreamPath(boolean stream) {
    return "/v1/chat/completions";
  }

  @Override
  public Reply ok(boolean stream) {
    return Reply.fixture(stream ? STREAM : WHOLE);
  }

  @Override
  public Answer answer(boolean stream) {
    ExpectedAnswer e = ExpectedAnswer.of(stream ? STREAM : WHOLE);
    return new Answer(e.choice(0).text(), e.choice(0).finish(), e.usage("prompt_tokens"),
        e.usage("completion_tokens"));
  }

  @Override
  public Reply rateLimited(long retryAfterSeconds) {
    return Reply.json(429, """
        {"error":{"message":"Rate limit reached for gpt-4o in organization org-x on requests per \
        min (RPM): Limit 500, Used 500, Requested 1.","type":"requests","param":null,\
        "code":"rate_limit_exceeded"}}""").retryAfter(retryAfterSeconds);
  }

  @Override
  public Reply serverError() {
    return Reply.json(500, """
        {"error":{"message":"The server had an error while processing your request. Sorry about \
        that!","type":"server_error","param":null,"code":null}}""");
  }

  @Override
  public Reply broken(boolean stream) {
    Reply ok = ok(stream);
    // stream: the role chunk and three text deltas ("The", " capital", " of"), then the cut
    return stream ? ok.dropAfterEvents(4) : ok.resetAfterBytes(ok.bodyBytes().length / 2);
  }

  @Override
  public String toString() {
    return provider();
  }
}
