package dev.junction.simulator;

import static java.util.Objects.requireNonNull;

import dev.junction.config.DeploymentConfig;
import dev.junction.provider.Provider;
import dev.junction.provider.ProviderContext;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The built-in {@code simulator} provider: an upstream that answers in process, deterministically,
 * with configurable pacing and failures (see {@link SimulatorConfig}). It needs no URL and no key;
 * it powers the zero-config demo, tests, chaos runs and benchmarks.
 *
 * <p>Injected failures are drawn from a random source seeded with the configured {@code seed} and
 * the deployment id, so one deployment repeats its failure sequence run after run while two
 * deployments with the same seed do not fail in lockstep. The {@link ProviderContext}'s shared
 * random source is deliberately not used: a simulator's chance is set by its own seed.
 *
 * <p>Stateless and thread-safe.
 */
public final class SimulatorProvider implements Provider {

  /** The name deployments use in {@code provider:}. */
  public static final String NAME = "simulator";

  /** Nominal base URL: the simulator has no endpoint, and needs none configured. */
  public static final String BASE_URL = "simulator://in-process";

  /** A provider; instances are interchangeable. Public for service loading. */
  public SimulatorProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String defaultBaseUrl() {
    return BASE_URL;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code deployment.options()} is not a valid {@link
   *     SimulatorConfig}
   */
  @Override
  public SimulatorUpstream create(DeploymentConfig deployment, ProviderContext context) {
    requireNonNull(deployment, "deployment");
    requireNonNull(context, "context");
    SimulatorConfig config = SimulatorConfig.parse(deployment.options());
    return new SimulatedUpstream(deployment, config, context, faults(config.seed(),
        deployment.id()));
  }

  /** The fault source of deployment {@code deploymentId} under {@code seed}. */
  static RandomGenerator faults(long seed, String deploymentId) {
    return new SplittableRandom(Prompt.mix(seed ^ Prompt.fingerprint(deploymentId)));
  }
}
