/**
 * Configuration: one immutable, validated record per component, loaded from kebab-case YAML with
 * {@code ${ENV}} interpolation, or built in code. {@link dev.junction.config.ConfigNode} is the
 * one reader of values and error messages, also for feature sections read elsewhere ({@code
 * routing:}).
 *
 * <pre>{@code
 * GatewayConfig config = ConfigLoader.withEnv(System.getenv()).parse("""
 *     server:
 *       port: 4000
 *     models:
 *       - name: fast
 *         deployments:
 *           - provider: openai
 *             model: gpt-4o-mini
 *             api-key: ${OPENAI_API_KEY}
 *     """);
 * }</pre>
 */
@NullMarked
package dev.junction.config;

import org.jspecify.annotations.NullMarked;
