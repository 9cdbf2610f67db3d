package dev.junction.pricing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the recorded fixtures through {@link dev.junction.testing.Fixtures#dir()}: absent
 * fixtures skip the test, unless {@code junction.require-services=true} makes it a failure.
 */
final class FixturesDir {

  private FixturesDir() {}

  static Path get() {
    return dev.junction.testing.Fixtures.dir();
  }

}
