package dev.junction.testing;

import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a test run, which suites were skipped and why (no PostgreSQL on
 * localhost, no recorded fixtures next to the checkout, …), so a green run on a newcomer's machine
 * says plainly what it did not check. Registered through {@code META-INF/services}.
 */
public final class SkipReport implements TestExecutionListener {

  private final Map<String, Integer> reasons = new TreeMap<>();

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    note(reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      note(result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
    }
  }

  private synchronized void note(String reason) {
    String r = reason == null ? "(no reason given)" : reason.replace("Assumption failed: ", "");
    reasons.merge(r, 1, Integer::sum);
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan plan) {
    if (reasons.isEmpty()) {
      return;
    }
    System.out.println();
    System.out.println("[junction] SKIPPED tests, by reason (these suites did not run):");
    reasons.forEach((r, n) -> System.out.println("[junction]   " + n + " × " + r));
  }
}
