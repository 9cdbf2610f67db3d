package dev.junction;

import dev.junction.config.ConfigLoader;
import dev.junction.config.GatewayConfig;
import dev.junction.gateway.Gateway;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code junction serve [--config FILE] [--port N]} and {@code junction
 * --help}. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad configuration.
 */
public final class Main {

  private static final String USAGE = """
      Junction — an LLM API gateway for the JVM.

      Usage: junction <command> [options]

      Commands:
        serve [--config FILE] [--port N]   Start the gateway. Without --config it serves the
                                           built-in simulator models plus every vendor whose
                                           API key is set in the environment.
        check-config --config FILE         Validate a config file and exit.
        report [spend|top|latency|hints]   Reports and optimisation hints from the ledger
                                           (junction report --help for the flags).
        keys <create|list|show|update|rotate|revoke>
                                           Virtual keys, through the running gateway's
                                           admin API (junction keys --help).
        teams <create|list|show|update>    Teams, the same way.
        --help                             Show this help.

      Environment: OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, MOONSHOT_API_KEY,
      XAI_API_KEY, DEEPSEEK_API_KEY, DASHSCOPE_API_KEY, MISTRAL_API_KEY, GROQ_API_KEY,
      OPENROUTER_API_KEY, ZAI_API_KEY, PERPLEXITY_API_KEY, OLLAMA_BASE_URL, VLLM_BASE_URL,
      JUNCTION_CONFIG (config file when --config is absent), JUNCTION_PORT,
      JUNCTION_MASTER_KEY (auth.master-key), JUNCTION_URL (for keys and teams).
      Docs: docs/CONFIG.md, docs/API.md.
      """;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")
        || args[0].equals("help")) {
      out.print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    try {
      return switch (command) {
        case "serve" -> serve(rest, env, out, err);
        case "report" -> dev.junction.ledger.ReportCommand.run(rest.toArray(String[]::new), out,
            err, env, java.time.InstantSource.system());
        case "keys", "teams" -> dev.junction.keys.KeysCommand.run(command,
            rest.toArray(String[]::new), out, err, env);
        case "check-config" -> {
          GatewayConfig c = config(rest, env);
          out.println("config ok: " + c.models().size() + " models");
          yield 0;
        }
        default -> {
          err.println("unknown command '" + command + "' (see junction --help)");
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println("junction: " + e.getMessage());
      return 2;
    }
  }

  static GatewayConfig config(List<String> args, Map<String, String> env) {
    String file = option(args, "--config", env.get("JUNCTION_CONFIG"));
    String port = option(args, "--port", env.get("JUNCTION_PORT"));
    if (!args.isEmpty()) {
      throw new IllegalArgumentException("unexpected arguments " + args + " (see junction --help)");
    }
    ConfigLoader loader = ConfigLoader.withEnv(env);
    GatewayConfig config;
    if (file != null) {
      Path p = Path.of(file);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("--config: " + file + " (expected: a readable file)");
      }
      config = loader.load(p);
    } else {
      config = loader.parse("");
    }
    config = DefaultModels.complete(config, env, file == null);
    if (port != null) {
      try {
        config = config.withPort(Integer.parseInt(port.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--port: " + port + " (expected: a port number)");
      }
    }
    return config;
  }

  private static String option(List<String> args, String name, String dflt) {
    int i = args.indexOf(name);
    if (i < 0) {
      for (int k = 0; k < args.size(); k++) {
        if (args.get(k).startsWith(name + "=")) {
          String v = args.get(k).substring(name.length() + 1);
          args.remove(k);
          return v;
        }
      }
      return dflt;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + ": missing value");
    }
    String v = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return v;
  }

  private static int serve(List<String> args, Map<String, String> env, PrintStream out,
      PrintStream err) {
    GatewayConfig config = config(args, env);
    Gateway gateway;
    try {
      gateway = Gateway.builder(config).start().toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof IllegalArgumentException iae) {
        throw iae;
      }
      err.println("junction: cannot start: " + cause.getMessage());
      return 1;
    }
    out.println("Junction listening on http://" + config.server().host() + ":" + gateway.port()
        + " serving " + gateway.router().routes().size() + " models: "
        + String.join(", ", gateway.router().routes().stream().map(r -> r.name()).toList()));
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.close().toCompletionStage().toCompletableFuture().join();
      stopped.countDown();
    }, "junction-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
