package dev.junction.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the recorded vendor fixtures ({@code ../shared/fixtures}). Suites that need them are
 * skipped, with a message, when the folder is absent on a newcomer's machine, and fail when the
 * build requires every suite ({@code -Djunction.require-services=true}, as {@code .ci/run} sets).
 */
public final class Fixtures {

  private Fixtures() {}

  /** The fixtures folder; skips or fails the calling test when it is missing. */
  public static Path dir() {
    for (String candidate : new String[] {System.getProperty("junction.fixtures"),
        "../shared/fixtures", "/work/shared/fixtures"}) {
      if (candidate != null && Files.isDirectory(Path.of(candidate))) {
        return Path.of(candidate).toAbsolutePath().normalize();
      }
    }
    if (Boolean.getBoolean("junction.require-services")) {
      throw new IllegalStateException("recorded fixtures not found: expected ../shared/fixtures");
    }
    assumeTrue(false, "SKIPPED: recorded fixtures not found (../shared/fixtures)");
    throw new AssertionError("unreachable");
  }

  /** A fixture file by its path relative to the fixtures folder. */
  public static Path path(String relative) {
    return dir().resolve(relative);
  }
}
