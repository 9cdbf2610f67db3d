package dev.junction.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema checker finds what it claims to find, so a clean validation means something. */
class OpenApiSchemaTest {

  private static final OpenApiSchema DOC = OpenApiSchema.of(json("""
      {"components": {"schemas": {
        "Usage": {"type": "object", "required": ["n"],
                  "properties": {"n": {"type": "integer"}}},
        "Thing": {"type": "object", "required": ["kind", "usage"],
          "properties": {
            "kind": {"type": "string", "enum": ["a", "b"]},
            "usage": {"$ref": "#/components/schemas/Usage", "nullable": true},
            "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "shape": {"oneOf": [{"type": "string"}, {"type": "object",
                                 "additionalProperties": false,
                                 "properties": {"w": {"type": "number"}}}]},
            "both": {"allOf": [{"required": ["x"]}, {"required": ["y"]}]},
            "fixed": {"const": "v"},
            "open": {"type": ["string", "null"]}}}}}}
      """));

  @Test
  void acceptsAConformingValue() {
    assertThat(DOC.validate("Thing", json("""
        {"kind": "a", "usage": {"n": 3}, "note": null, "tags": ["x"], "shape": {"w": 1.5},
         "both": {"x": 1, "y": 2}, "fixed": "v", "open": null, "extra": true}
        """))).isEmpty();
    assertThat(DOC.validate("Thing", json("{\"kind\": \"b\", \"usage\": null}"))).isEmpty();
    assertThat(DOC.validate("Usage", json("{\"n\": 2.0}"))).as("2.0 is an integer").isEmpty();
  }

  @Test
  void reportsEachKindOfViolationWithItsPath() {
    List<String> v = DOC.validate("Thing", json("""
        {"kind": "c", "usage": {"n": "3"}, "note": 5, "tags": ["x", 1],
         "shape": {"w": 1, "h": 2}, "both": {"x": 1}, "fixed": "w", "open": 3}
        """));
    assertThat(v).anySatisfy(s -> assertThat(s).startsWith("$.kind:").contains("not one of"))
        .anySatisfy(s -> assertThat(s).startsWith("$.usage.n:").contains("integer"))
        .anySatisfy(s -> assertThat(s).startsWith("$.note:").contains("anyOf"))
        .anySatisfy(s -> assertThat(s).startsWith("$.tags[1]:"))
        .anySatisfy(s -> assertThat(s).startsWith("$.shape:").contains("oneOf"))
        .anySatisfy(s -> assertThat(s).contains("required property 'y'"))
        .anySatisfy(s -> assertThat(s).startsWith("$.fixed:").contains("constant"))
        .anySatisfy(s -> assertThat(s).startsWith("$.open:"))
        .hasSize(8);
    assertThat(DOC.validate("Thing", json("{\"usage\": null}")))
        .containsExactly("$: required property 'kind' is missing");
    assertThat(DOC.validate("Usage", json("null"))).hasSize(1);
  }

  /** Against the real OpenAI spec: its own example validates, a broken copy does not. */
  @Test
  void theOpenAiSpecsOwnExampleConforms() {
    OpenApiSchema spec = OpenApiSchema.openAi();
    JsonNode example = json(spec.schema("CreateChatCompletionResponse")
        .path("x-oaiMeta").path("example").asText());
    assertThat(example.path("choices").size()).as("the spec has an example").isEqualTo(1);
    assertThat(spec.validate("CreateChatCompletionResponse", example)).isEmpty();
    ((ObjectNode) example.path("choices").get(0))
        .put("finish_reason", "done").remove("logprobs");
    ((ObjectNode) example).remove("object");
    assertThat(spec.validate("CreateChatCompletionResponse", example)).containsExactlyInAnyOrder(
        "$: required property 'object' is missing",
        "$.choices[0]: required property 'logprobs' is missing",
        "$.choices[0].finish_reason: \"done\" is not one of "
            + "[\"stop\",\"length\",\"tool_calls\",\"content_filter\",\"function_call\"]");
  }

  private static JsonNode json(String s) {
    return Fixtures.json(s.getBytes(StandardCharsets.UTF_8));
  }
}
