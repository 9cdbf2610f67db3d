package dev.junction.pricing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the recorded fixtures: system property {@code junction.fixtures} when that directory
 * exists, else {@code /work/shared/fixtures}. Absent fixtures skip the test, unless {@code
 * junction.require-services=true}, which makes their absence a failure.
 */
final class FixturesDir {

  private FixturesDir() {}

  static Path get() {
    String prop = System.getProperty("junction.fixtures");
    Path dir = prop != null && Files.isDirectory(Path.of(prop)) ? Path.of(prop)
        : Path.of("/work/shared/fixtures");
    boolean required = Boolean.getBoolean("junction.require-services");
    if (required && !Files.isDirectory(dir)) {
      throw new IllegalStateException("fixtures not found at " + dir);
    }
    Assumptions.assumeTrue(Files.isDirectory(dir), "fixtures not found at " + dir);
    return dir;
  }
}
