package dev.junction.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code junction keys …} and {@code junction teams …}: a thin client of the running gateway's
 * admin API ({@code /admin/keys}, {@code /admin/teams}) with the master key. It talks to the
 * gateway rather than opening the SQLite file, so that every change goes through the gateway's
 * in-memory key index and takes effect at once (a revoked key stops working when the command
 * returns). Prints the JSON answers; exit codes 0 success, 1 the gateway refused or is
 * unreachable, 2 bad usage. Stateless.
 */
public final class KeysCommand {

  static final String USAGE = """
      Usage: junction keys <create|list|show|update|rotate|revoke> [ID] [options]
             junction teams <create|list|show|update> [ID] [options]

      Connection:
        --url URL                 the gateway (default $JUNCTION_URL, else http://127.0.0.1:4000)
        --master-key KEY          default $JUNCTION_MASTER_KEY

      Fields (create, update):
        --name NAME               required on create
        --team TEAM_ID            keys only: the key's team ('' removes it)
        --org ORG                 teams only
        --models A,B              allowed model names or patterns ('*' wildcards; '' = all)
        --budget AMOUNT[CUR]/PERIOD   e.g. 100USD/monthly, 5/daily (USD); 'none' removes it
        --rpm N --tpm N --max-concurrent N   rate limits (0 = unlimited)
        --priority high|normal|low           keys only: default upstream priority
        --meta KEY=VALUE          metadata (repeatable)

      The secret of a key is printed once, by create and rotate. docs/KEYS.md has the details.
      """;

  private static final Pattern BUDGET =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([A-Za-z]{3})?/(daily|weekly|monthly|total)");

  private KeysCommand() {}

  /** Runs {@code junction keys|teams args}; {@code resource} is {@code keys} or {@code teams}. */
  public static int run(String resource, String[] args, PrintStream out, PrintStream err,
      Map<String, String> env) {
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h")) {
      out.print(USAGE);
      return rest.isEmpty() ? 2 : 0;
    }
    try {
      String url = option(rest, "--url", env.getOrDefault("JUNCTION_URL",
          "http://127.0.0.1:4000"));
      String master = option(rest, "--master-key", env.get("JUNCTION_MASTER_KEY"));
      String action = rest.removeFirst();
      boolean keys = resource.equals("keys");
      String base = "/admin/" + resource;
      Call call = switch (action) {
        case "create" -> new Call("POST", base, body(rest, keys, true));
        case "list" -> {
          String team = option(rest, "--team", null);
          yield new Call("GET", base + (keys && team != null ? "?team_id=" + team : ""), null);
        }
        case "show" -> new Call("GET", base + "/" + id(rest), null);
        case "update" -> {
          String id = id(rest);
          yield new Call("PATCH", base + "/" + id, body(rest, keys, false));
        }
        case "rotate" -> keys ? new Call("POST", base + "/" + id(rest) + "/rotate", null)
            : null;
        case "revoke" -> keys ? new Call("POST", base + "/" + id(rest) + "/revoke", null)
            : null;
        default -> null;
      };
      if (call == null) {
        err.println("junction " + resource + ": unknown action '" + action + "' (see --help)");
        return 2;
      }
      if (!rest.isEmpty()) {
        err.println("junction " + resource + ": unexpected arguments " + rest);
        return 2;
      }
      return send(url, master, call, out, err);
    } catch (IllegalArgumentException e) {
      err.println("junction " + resource + ": " + e.getMessage());
      return 2;
    }
  }

  private record Call(String method, String path, @Nullable ObjectNode body) {}

  private static int send(String url, @Nullable String master, Call call, PrintStream out,
      PrintStream err) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "")
            + call.path()))
        .timeout(Duration.ofSeconds(30))
        .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(call.body())));
    if (call.body() != null) {
      b.header("content-type", "application/json");
    }
    if (master != null && !master.isBlank()) {
      b.header("authorization", "Bearer " + master);
    }
    HttpResponse<String> r;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .version(HttpClient.Version.HTTP_1_1).build()) {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("junction: cannot reach the gateway at " + url + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    if (r.statusCode() >= 300) {
      JsonNode e = parseOrNull(r.body());
      String msg = e == null ? r.body() : e.path("error").path("message").asText(r.body());
      err.println("junction: " + r.statusCode() + ": " + msg);
      return 1;
    }
    JsonNode body = parseOrNull(r.body());
    out.println(body == null ? r.body() : body.toPrettyString());
    return 0;
  }

  private static @Nullable JsonNode parseOrNull(String s) {
    try {
      return Json.parse(s.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The JSON body of create or update from the field flags. */
  static ObjectNode body(List<String> args, boolean key, boolean create) {
    ObjectNode o = Json.object();
    String name = option(args, "--name", null);
    if (name != null) {
      o.put("name", name);
    } else if (create) {
      throw new IllegalArgumentException("--name is required");
    }
    if (key) {
      String team = option(args, "--team", null);
      if (team != null) {
        o.put("team_id", team.isEmpty() ? null : team);
      }
      String priority = option(args, "--priority", null);
      if (priority != null) {
        o.put("default_priority", priority);
      }
    } else {
      String org = option(args, "--org", null);
      if (org != null) {
        o.put("org", org);
      }
    }
    String models = option(args, "--models", null);
    if (models != null) {
      var a = o.putArray("allowed_models");
      for (String m : models.split(",")) {
        if (!m.isBlank()) {
          a.add(m.trim());
        }
      }
    }
    String budget = option(args, "--budget", null);
    if (budget != null) {
      o.set("budget", budget(budget));
    }
    ObjectNode limits = Json.object();
    for (String[] f : new String[][] {{"--rpm", "rpm"}, {"--tpm", "tpm"},
        {"--max-concurrent", "max_concurrent"}}) {
      String v = option(args, f[0], null);
      if (v != null) {
        try {
          limits.put(f[1], Long.parseLong(v));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(f[0] + ": " + v + " (expected: an integer >= 0)");
        }
      }
    }
    if (!limits.isEmpty()) {
      o.set("limits", limits);
    }
    ObjectNode meta = Json.object();
    for (String kv; (kv = option(args, "--meta", null)) != null; ) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--meta: " + kv + " (expected: KEY=VALUE)");
      }
      meta.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    if (!meta.isEmpty()) {
      o.set("metadata", meta);
    }
    return o;
  }

  /** {@code 100USD/monthly} as a budget object; {@code none} as JSON null. */
  static JsonNode budget(String text) {
    if (text.equals("none")) {
      return Json.NODES.nullNode();
    }
    Matcher m = BUDGET.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("--budget: " + text
          + " (expected: AMOUNT[CURRENCY]/daily|weekly|monthly|total, e.g. 100USD/monthly)");
    }
    ObjectNode o = Json.object();
    o.put("amount", m.group(1));
    o.put("currency", m.group(2) == null ? "USD" : m.group(2).toUpperCase(java.util.Locale.ROOT));
    o.put("period", m.group(3));
    return o;
  }

  private static String id(List<String> args) {
    if (args.isEmpty() || args.getFirst().startsWith("--")) {
      throw new IllegalArgumentException("an id is required");
    }
    return args.removeFirst();
  }

  /** Removes {@code name VALUE} (or {@code name=VALUE}) from {@code args}; the value or dflt. */
  private static @Nullable String option(List<String> args, String name,
      @Nullable String dflt) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals(name)) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(name + ": missing value");
        }
        args.remove(i);
        return args.remove(i);
      }
      if (a.startsWith(name + "=")) {
        args.remove(i);
        return a.substring(name.length() + 1);
      }
    }
    return dflt;
  }
}
