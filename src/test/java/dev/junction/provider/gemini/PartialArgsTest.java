package dev.junction.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialArgsTest {

  /** Feeds each string as one {@code partialArgs} array; returns the whole text written. */
  static String write(String... pieces) {
    PartialArgs args = new PartialArgs();
    StringBuilder out = new StringBuilder();
    for (String p : pieces) {
      out.append(args.append(Json.parse(p.getBytes())));
    }
    return out.append(args.close()).toString();
  }

  static void assertJson(String actual, String expected) {
    assertThat(Json.parse(actual.getBytes())).isEqualTo(Json.parse(expected.getBytes()));
  }

  @Test
  void aStringContinuedOverPieces() {
    PartialArgs args = new PartialArgs();
    assertThat(args.append(Json.parse(
        "[{\"jsonPath\":\"$.location\",\"stringValue\":\"Boston\",\"willContinue\":true}]"
            .getBytes()))).isEqualTo("{\"location\":\"Boston");
    assertThat(args.append(Json.parse(
        "[{\"jsonPath\":\"$.location\",\"stringValue\":\", \\\"MA\\\"\"}]".getBytes())))
        .isEqualTo(", \\\"MA\\\"\"");
    assertThat(args.close()).isEqualTo("}");
  }

  @Test
  void scalarsOfEveryKind() {
    assertJson(write("[{\"jsonPath\":\"$.n\",\"numberValue\":50},"
            + "{\"jsonPath\":\"$.f\",\"numberValue\":0.5},{\"jsonPath\":\"$.b\",\"boolValue\":false},"
            + "{\"jsonPath\":\"$.z\",\"nullValue\":\"NULL_VALUE\"}]"),
        "{\"n\":50,\"f\":0.5,\"b\":false,\"z\":null}");
  }

  @Test
  void nestedObjectsAndArraysInDocumentOrder() {
    assertJson(write(
        "[{\"jsonPath\":\"$.recipe.ingredients[0].amount\",\"stringValue\":\"16 oz\"}]",
        "[{\"jsonPath\":\"$.recipe.ingredients[0].name\",\"stringValue\":\"Noodles\"}]",
        "[{\"jsonPath\":\"$.recipe.ingredients[1].name\",\"stringValue\":\"Be\",\"willContinue\":true}]",
        "[{\"jsonPath\":\"$.recipe.ingredients[1].name\",\"stringValue\":\"ef\"}]",
        "[{\"jsonPath\":\"$.recipe.steps[0]\",\"stringValue\":\"Cook.\"}]",
        "[{\"jsonPath\":\"$.recipe.name\",\"stringValue\":\"Lasagna\"}]",
        "[{\"jsonPath\":\"$['odd key'].x\",\"numberValue\":1}]"),
        "{\"recipe\":{\"ingredients\":[{\"amount\":\"16 oz\",\"name\":\"Noodles\"},"
            + "{\"name\":\"Beef\"}],\"steps\":[\"Cook.\"],\"name\":\"Lasagna\"},"
            + "\"odd key\":{\"x\":1}}");
  }

  @Test
  void arrayGapsAreNull() {
    assertJson(write("[{\"jsonPath\":\"$.a[2]\",\"numberValue\":3}]"), "{\"a\":[null,null,3]}");
  }

  @Test
  void nothingWrittenIsAnEmptyObject() {
    assertThat(write()).isEqualTo("{}");
    assertThat(write("[]", "[{\"jsonPath\":\"$.\",\"stringValue\":\"ignored\"}]")).isEqualTo("{}");
    assertThat(write("[{\"jsonPath\":\"$.novalue\"}]")).isEqualTo("{}");
  }

  @Test
  void goingBackIntoAClosedContainerIsRefused() {
    assertThatThrownBy(() -> write("[{\"jsonPath\":\"$.a.x\",\"numberValue\":1}]",
        "[{\"jsonPath\":\"$.b\",\"numberValue\":2}]",
        "[{\"jsonPath\":\"$.a.y\",\"numberValue\":3}]"))
        .isInstanceOf(GatewayException.class).hasMessageContaining("out of document order");
  }

  @Test
  void paths() {
    assertThat(PartialArgs.parsePath("$.foo.bar[0].data")).isEqualTo(List.of("foo", "bar", 0,
        "data"));
    assertThat(PartialArgs.parsePath("$[\"a.b\"][12]")).isEqualTo(List.of("a.b", 12));
    assertThat(PartialArgs.parsePath("$")).isEmpty();
    assertThatThrownBy(() -> PartialArgs.parsePath("foo")).isInstanceOf(GatewayException.class);
    assertThatThrownBy(() -> PartialArgs.parsePath("$[x]")).isInstanceOf(GatewayException.class);
  }
}
