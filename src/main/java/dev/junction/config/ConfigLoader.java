package dev.junction.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.junction.ledger.LedgerConfig;
import dev.junction.pricing.PricingConfig;
import dev.junction.routing.RoutingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the YAML configuration into a validated {@link GatewayConfig}.
 *
 * <p>Keys are kebab-case. Scalars may reference the environment as {@code ${NAME}} or {@code
 * ${NAME:-default}}; a reference to an unset variable without a default fails naming the key.
 * Unknown keys fail too (a typo should not silently fall back to a default). Every error says the
 * key path, the value and what was expected, e.g. {@code models[0].deployments[0].timeouts.total:
 * -5s (expected: > 0)}. Stateless.
 */
public final class ConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

  private final Map<String, String> env;

  private ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  /** A loader that resolves {@code ${…}} against {@code env}. */
  public static ConfigLoader withEnv(Map<String, String> env) {
    return new ConfigLoader(Map.copyOf(requireNonNull(env, "env")));
  }

  /** Reads a config file. */
  public GatewayConfig load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("config: cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Parses YAML text; empty text gives the defaults. */
  public GatewayConfig parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("config: not valid YAML: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = JsonNodeFactory.instance.objectNode();
    }
    ConfigNode r = ConfigNode.of("", root, this::interpolate);
    r.allow("server", "models", "providers-from-env", "pricing", "ledger", "admin", "routing",
        "auth");
    ServerConfig server = server(r.child("server"));
    List<ModelConfig> models = new ArrayList<>();
    ConfigNode ms = r.child("models");
    if (ms != null) {
      int i = 0;
      for (ConfigNode m : ms.elements()) {
        models.add(model(m, i++));
      }
    }
    JsonNode pricing = root.get("pricing");
    ConfigNode admin = r.child("admin");
    String master = null;
    if (admin != null) {
      admin.allow("master-key");
      master = admin.text("master-key", null);
    }
    ConfigNode authNode = r.child("auth");
    AuthConfig auth = auth(authNode);
    if (authNode != null && authNode.text("master-key", null) != null) {
      if (master != null) {
        throw new IllegalArgumentException("admin.master-key: set together with auth.master-key"
            + " (expected: only auth.master-key; admin.master-key is its older name)");
      }
      master = authNode.text("master-key", null);
    }
    if (master == null || master.isBlank()) {
      master = env.get("JUNCTION_MASTER_KEY");
    }
    return new GatewayConfig(server, models, r.bool("providers-from-env", true),
        PricingConfig.fromNode(pricing == null ? null : interpolateTree(pricing, "pricing")),
        ledger(r.child("ledger")),
        master == null || master.isBlank() ? null : Secret.of(master),
        routing(r.child("routing")), auth);
  }

  private static AuthConfig auth(@Nullable ConfigNode n) {
    if (n == null) {
      return AuthConfig.DEFAULTS;
    }
    n.allow("master-key", "store", "threshold-webhook", "fallback-max-output-tokens",
        "assumed-output-tokens");
    String store = n.text("store", AuthConfig.DEFAULT_STORE_TEXT);
    String hook = n.text("threshold-webhook", null);
    java.net.URI url;
    try {
      url = hook == null || hook.isBlank() ? null : java.net.URI.create(hook.trim());
    } catch (IllegalArgumentException e) {
      throw n.error("threshold-webhook", hook, "an http or https URL");
    }
    return n.build(() -> new AuthConfig(
        store.equals("memory") ? null : java.nio.file.Path.of(store), url,
        n.integer("fallback-max-output-tokens",
            (int) AuthConfig.DEFAULT_FALLBACK_MAX_OUTPUT_TOKENS),
        n.integer("assumed-output-tokens", (int) AuthConfig.DEFAULT_ASSUMED_OUTPUT_TOKENS)));
  }

  /** The {@code routing:} section, environment references resolved (lists included). */
  private static RoutingConfig routing(@Nullable ConfigNode n) {
    return RoutingConfig.read(n);
  }

  private ServerConfig server(@Nullable ConfigNode n) {
    if (n == null) {
      return ServerConfig.DEFAULTS;
    }
    n.allow("host", "port", "max-body-size", "event-loops", "shutdown-grace");
    return n.build(() -> new ServerConfig(
        n.text("host", ServerConfig.DEFAULT_HOST),
        n.integer("port", ServerConfig.DEFAULT_PORT),
        n.bytes("max-body-size", ServerConfig.DEFAULT_MAX_BODY_BYTES),
        n.integer("event-loops", ServerConfig.DEFAULT_EVENT_LOOPS),
        n.duration("shutdown-grace", ServerConfig.DEFAULT_SHUTDOWN_GRACE)));
  }

  private ModelConfig model(ConfigNode m, int index) {
    m.allow("name", "kind", "deployments", "pacing", "aliases");
    String name = m.requiredText("name");
    String kindText = m.text("kind", "chat");
    ModelConfig.Kind kind = switch (kindText) {
      case "chat" -> ModelConfig.Kind.CHAT;
      case "embedding", "embeddings" -> ModelConfig.Kind.EMBEDDING;
      default -> throw m.error("kind", kindText, "chat or embedding");
    };
    List<DeploymentConfig> deployments = new ArrayList<>();
    ConfigNode ds = m.child("deployments");
    if (ds == null) {
      throw m.error("deployments", "(missing)", "a list of deployments");
    }
    Map<String, Integer> ids = new HashMap<>();
    int j = 0;
    for (ConfigNode d : ds.elements()) {
      deployments.add(deployment(d, name, j++, ids));
    }
    ConfigNode pacing = m.child("pacing");
    Duration maxWait = ModelConfig.DEFAULT_PACING_MAX_WAIT;
    if (pacing != null) {
      pacing.allow("max-wait");
      maxWait = pacing.duration("max-wait", maxWait);
      if (maxWait.isNegative()) {
        throw pacing.error("max-wait", ConfigValues.formatDuration(maxWait), ">= 0");
      }
    }
    Duration wait = maxWait;
    List<String> aliases = new ArrayList<>();
    ConfigNode as = m.child("aliases");
    if (as != null) {
      for (ConfigNode a : as.elements()) {
        aliases.add(a.value());
      }
    }
    return m.build(() -> new ModelConfig(name, kind, deployments, wait, aliases));
  }

  private DeploymentConfig deployment(ConfigNode d, String modelName, int index,
      Map<String, Integer> ids) {
    d.allow("id", "provider", "model", "base-url", "api-key", "headers", "weight", "priority",
        "timeouts", "simulator", "options", "limits");
    String provider = d.requiredText("provider");
    String model = d.text("model", provider.equals("simulator") ? modelName : null);
    if (model == null) {
      throw d.error("model", "(missing)", "the upstream's model id");
    }
    String id = d.text("id", null);
    if (id == null) {
      String base = provider + "/" + model;
      int n = ids.merge(base, 1, Integer::sum);
      id = n == 1 ? base : base + "#" + n;
    }
    String key = d.text("api-key", null);
    Map<String, String> headers = new LinkedHashMap<>();
    ConfigNode h = d.child("headers");
    if (h != null) {
      h.node().properties().forEach(e -> headers.put(e.getKey(), h.interpolate(e.getKey(),
          e.getValue().asText())));
    }
    Timeouts timeouts = timeouts(d.child("timeouts"));
    DeploymentConfig.Limits limits = DeploymentConfig.Limits.NONE;
    ConfigNode l = d.child("limits");
    if (l != null) {
      l.allow("rpm", "tpm");
      limits = l.build(() -> new DeploymentConfig.Limits(l.longValue("rpm", 0),
          l.longValue("tpm", 0)));
    }
    DeploymentConfig.Limits finalLimits = limits;
    JsonNode options = d.node().has("simulator") ? d.node().get("simulator")
        : d.node().has("options") ? d.node().get("options") : JsonNodeFactory.instance.objectNode();
    String finalId = id;
    return d.build(() -> new DeploymentConfig(finalId, provider, model, d.text("base-url", null),
        key == null || key.isBlank() ? null : Secret.of(key), headers,
        d.integer("weight", DeploymentConfig.DEFAULT_WEIGHT),
        d.integer("priority", DeploymentConfig.DEFAULT_PRIORITY), timeouts,
        interpolateTree(options, d.path() + ".options"), finalLimits));
  }

  private LedgerConfig ledger(@Nullable ConfigNode n) {
    if (n == null) {
      return LedgerConfig.DEFAULTS;
    }
    n.allow("store", "path", "url", "user", "password", "flush-interval", "batch-size",
        "queue-capacity", "retention", "rollup", "repeat-fingerprints");
    String storeText = n.text("store", "sqlite");
    LedgerConfig.Store store = switch (storeText) {
      case "sqlite" -> LedgerConfig.Store.SQLITE;
      case "postgres", "postgresql" -> LedgerConfig.Store.POSTGRES;
      case "none" -> LedgerConfig.Store.NONE;
      default -> throw n.error("store", storeText, "sqlite, postgres or none");
    };
    String password = n.text("password", null);
    return n.build(() -> new LedgerConfig(store,
        java.nio.file.Path.of(n.text("path", LedgerConfig.DEFAULT_PATH.toString())),
        n.text("url", null), n.text("user", null),
        password == null || password.isBlank() ? null : Secret.of(password),
        n.duration("flush-interval", LedgerConfig.DEFAULT_FLUSH_INTERVAL),
        n.integer("batch-size", LedgerConfig.DEFAULT_BATCH_SIZE),
        n.integer("queue-capacity", LedgerConfig.DEFAULT_QUEUE_CAPACITY),
        n.duration("retention", LedgerConfig.DEFAULT_RETENTION),
        n.bool("rollup", true),
        n.integer("repeat-fingerprints", LedgerConfig.DEFAULT_REPEAT_FINGERPRINTS)));
  }

  private Timeouts timeouts(@Nullable ConfigNode t) {
    if (t == null) {
      return Timeouts.DEFAULTS;
    }
    t.allow("connect", "first-token", "idle", "total");
    return t.build(() -> new Timeouts(
        t.duration("connect", Timeouts.DEFAULT_CONNECT),
        t.duration("first-token", Timeouts.DEFAULT_FIRST_TOKEN),
        t.duration("idle", Timeouts.DEFAULT_IDLE),
        t.duration("total", Timeouts.DEFAULT_TOTAL)));
  }

  private JsonNode interpolateTree(JsonNode n, String path) {
    if (n.isTextual()) {
      return TextNode.valueOf(interpolate(path, n.asText()));
    }
    if (n.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      n.properties().forEach(e -> copy.set(e.getKey(),
          interpolateTree(e.getValue(), path + "." + e.getKey())));
      return copy;
    }
    if (n.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < n.size(); i++) {
        copy.add(interpolateTree(n.get(i), path + "[" + i + "]"));
      }
      return copy;
    }
    return n;
  }

  String interpolate(String path, String value) {
    Matcher m = ENV.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null || v.isEmpty()) {
        v = m.group(3);
      }
      if (v == null) {
        throw new IllegalArgumentException(path + ": ${" + m.group(1)
            + "} (expected: environment variable " + m.group(1) + " to be set)");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
