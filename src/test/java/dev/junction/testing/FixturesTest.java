package dev.junction.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Where the shared data is looked for, and what happens on a machine without it. */
class FixturesTest {

  private static final String PROP = "junction.test-only.fixtures";

  @Test
  void thePropertyWinsWhenItsDirectoryExists(@TempDir Path dir) {
    System.setProperty(PROP, dir.toString());
    try {
      assertThat(Fixtures.locate(PROP, "/no/such/fallback", "data")).isEqualTo(dir);
    } finally {
      System.clearProperty(PROP);
    }
  }

  @Test
  void theFallbackIsUsedWhenThePropertyPointsNowhere(@TempDir Path dir) {
    System.setProperty(PROP, "/no/such/dir");
    try {
      assertThat(Fixtures.locate(PROP, dir.toString(), "data")).isEqualTo(dir);
    } finally {
      System.clearProperty(PROP);
    }
  }

  @Test
  void missingDataSkipsOnADevelopersMachineAndFailsInCi() {
    String before = System.getProperty("junction.require-services");
    try {
      System.setProperty("junction.require-services", "false");
      assertThatThrownBy(() -> Fixtures.locate(PROP, "/no/such/fallback", "recorded fixtures"))
          .isInstanceOf(TestAbortedException.class)
          .hasMessageContaining("recorded fixtures not found").hasMessageContaining("skipping");
      System.setProperty("junction.require-services", "true");
      assertThatThrownBy(() -> Fixtures.locate(PROP, "/no/such/fallback", "recorded fixtures"))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageContaining("junction.require-services=true");
    } finally {
      if (before == null) {
        System.clearProperty("junction.require-services");
      } else {
        System.setProperty("junction.require-services", before);
      }
    }
  }

  @Test
  void theManifestListsEveryCaseWithItsFiles() {
    assertThat(Fixtures.manifest()).isNotEmpty().allSatisfy(c -> {
      assertThat(c.files()).isNotEmpty();
      assertThat(c.response()).as(c.id()).isPresent();
      c.files().forEach(f -> assertThat(Fixtures.dir().resolve(f)).as(c.id()).exists());
    });
  }
}
