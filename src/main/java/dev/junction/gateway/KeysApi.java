package dev.junction.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.budget.Budget;
import dev.junction.budget.BudgetScope;
import dev.junction.budget.BudgetStatus;
import dev.junction.budget.Reservations;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.keys.IssuedKey;
import dev.junction.keys.KeyJson;
import dev.junction.keys.KeySpec;
import dev.junction.keys.Team;
import dev.junction.keys.TeamSpec;
import dev.junction.keys.VirtualKey;
import dev.junction.keys.VirtualKeys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/keys} and {@code /admin/teams}: virtual keys and teams over {@link VirtualKeys},
 * bodies as {@link KeyJson} (snake_case, unknown fields rejected). Reached through {@link
 * AdminApi}, which checks the master key first. Every handler runs on a worker thread (store
 * writes are SQLite transactions); errors are OpenAI error objects ({@link ErrorFormat#OPENAI}):
 * 400 bad body, 404 unknown id, 409 a revoked key. Secrets are in the answers of create and
 * rotate only. Thread-safe.
 *
 * <ul>
 *   <li>{@code POST /admin/keys}, {@code GET /admin/keys[?team_id=]}
 *   <li>{@code GET|PATCH|DELETE /admin/keys/{id}}, {@code POST /admin/keys/{id}/rotate}, {@code
 *       POST /admin/keys/{id}/revoke}, {@code GET /admin/keys/{id}/budget}
 *   <li>{@code POST /admin/teams}, {@code GET /admin/teams}, {@code GET|PATCH
 *       /admin/teams/{id}}, {@code GET /admin/teams/{id}/budget}
 * </ul>
 */
final class KeysApi {

  /** Largest admin request body. */
  static final long MAX_BODY_BYTES = 1 << 20;

  private final VirtualKeys keys;
  private final Reservations budgets;
  private final Vertx vertx;

  KeysApi(VirtualKeys keys, Reservations budgets, Vertx vertx) {
    this.keys = keys;
    this.budgets = budgets;
    this.vertx = vertx;
  }

  /** Whether {@code path} is one of this API's. */
  static boolean serves(String path) {
    return path.equals("/admin/keys") || path.startsWith("/admin/keys/")
        || path.equals("/admin/teams") || path.startsWith("/admin/teams/");
  }

  void handle(HttpServerRequest req, String path) {
    if (req.method() == HttpMethod.POST || req.method() == HttpMethod.PATCH) {
      BodyReader.read(req, MAX_BODY_BYTES, body -> route(req, path, body),
          e -> ErrorFormat.OPENAI.send(req.response(), e));
    } else {
      route(req, path, Buffer.buffer());
    }
  }

  private void route(HttpServerRequest req, String path, Buffer body) {
    String[] parts = path.substring("/admin/".length()).split("/", -1);
    HttpMethod m = req.method();
    Callable<Answer> work = switch (parts[0]) {
      case "keys" -> keyRoute(req, m, parts, body);
      case "teams" -> teamRoute(m, parts, body);
      default -> null;
    };
    if (work == null) {
      ErrorFormat.OPENAI.send(req.response(), GatewayException.of(ErrorKind.NOT_FOUND,
          "unknown_url", "unknown admin URL " + m + " " + path));
      return;
    }
    vertx.<Answer>executeBlocking(work, false).onComplete(ar -> {
      if (ar.succeeded()) {
        req.response().setStatusCode(ar.result().status())
            .putHeader("content-type", "application/json")
            .putHeader("cache-control", "no-store")
            .end(Buffer.buffer(Json.bytes(ar.result().body())));
        return;
      }
      GatewayException e = switch (ar.cause()) {
        case GatewayException g -> g;
        case NoSuchElementException x -> GatewayException.of(ErrorKind.NOT_FOUND, "not_found",
            x.getMessage());
        case IllegalStateException x -> GatewayException.of(ErrorKind.INVALID_REQUEST,
            "conflict", x.getMessage());
        case IllegalArgumentException x -> GatewayException.invalid(null, x.getMessage());
        default -> GatewayException.internal("admin request failed: " + ar.cause(),
            ar.cause());
      };
      ErrorFormat.OPENAI.send(req.response(), e, ar.cause() instanceof IllegalStateException
          ? 409 : ErrorFormat.OPENAI.status(e));
    });
  }

  private record Answer(int status, JsonNode body) {}

  private @Nullable Callable<Answer> keyRoute(HttpServerRequest req, HttpMethod m,
      String[] p, Buffer body) {
    if (p.length == 1) {
      if (m == HttpMethod.POST) {
        return () -> {
          JsonNode n = parse(body);
          String name = requiredName(n);
          return new Answer(201, issued(keys.createKey(KeyJson.keySpec(n,
              KeySpec.named(name)))));
        };
      }
      if (m == HttpMethod.GET) {
        String team = req.getParam("team_id");
        return () -> {
          ObjectNode o = Json.object();
          var data = o.putArray("data");
          keys.keys().stream().filter(k -> team == null || team.equals(k.teamId()))
              .forEach(k -> data.add(KeyJson.key(k)));
          return new Answer(200, o);
        };
      }
      return null;
    }
    String id = p[1];
    if (p.length == 2) {
      return switch (m.name()) {
        case "GET" -> () -> new Answer(200, withStatus(KeyJson.key(key(id)), key(id).scope(),
            key(id).budget()));
        case "PATCH" -> () -> {
          VirtualKey k = key(id);
          return new Answer(200, KeyJson.key(keys.updateKey(id, KeyJson.keySpec(parse(body),
              KeySpec.named(k.name()).inTeam(k.teamId()).withMetadata(k.metadata())
                  .withAllowedModels(k.allowedModels()).withLimits(k.limits())
                  .withBudget(k.budget()).withPriority(k.defaultPriority())))));
        };
        case "DELETE" -> () -> new Answer(200, KeyJson.key(keys.revoke(id)));
        default -> null;
      };
    }
    if (p.length == 3 && m == HttpMethod.POST && p[2].equals("rotate")) {
      return () -> new Answer(200, issued(keys.rotate(id)));
    }
    if (p.length == 3 && m == HttpMethod.POST && p[2].equals("revoke")) {
      return () -> new Answer(200, KeyJson.key(keys.revoke(id)));
    }
    if (p.length == 3 && m == HttpMethod.GET && p[2].equals("budget")) {
      return () -> new Answer(200, budgetStatus(key(id).scope(), key(id).budget()));
    }
    return null;
  }

  private @Nullable Callable<Answer> teamRoute(HttpMethod m, String[] p, Buffer body) {
    if (p.length == 1) {
      if (m == HttpMethod.POST) {
        return () -> {
          JsonNode n = parse(body);
          String name = requiredName(n);
          return new Answer(201, KeyJson.team(keys.createTeam(KeyJson.teamSpec(n,
              TeamSpec.named(name)))));
        };
      }
      if (m == HttpMethod.GET) {
        return () -> {
          ObjectNode o = Json.object();
          var data = o.putArray("data");
          keys.teams().forEach(t -> data.add(KeyJson.team(t)));
          return new Answer(200, o);
        };
      }
      return null;
    }
    String id = p[1];
    if (p.length == 2 && m == HttpMethod.GET) {
      return () -> new Answer(200, withStatus(KeyJson.team(team(id)), team(id).scope(),
          team(id).budget()));
    }
    if (p.length == 2 && m == HttpMethod.PATCH) {
      return () -> {
        Team t = team(id);
        return new Answer(200, KeyJson.team(keys.updateTeam(id, KeyJson.teamSpec(parse(body),
            new TeamSpec(t.name(), t.org(), t.metadata(), t.allowedModels(), t.limits(),
                t.budget())))));
      };
    }
    if (p.length == 3 && m == HttpMethod.GET && p[2].equals("budget")) {
      return () -> new Answer(200, budgetStatus(team(id).scope(), team(id).budget()));
    }
    return null;
  }

  private VirtualKey key(String id) {
    return keys.key(id).orElseThrow(() -> new NoSuchElementException("no key '" + id + "'"));
  }

  private Team team(String id) {
    return keys.team(id).orElseThrow(() -> new NoSuchElementException("no team '" + id + "'"));
  }

  /** The {@code name} a create request must carry. */
  private static String requiredName(JsonNode n) {
    String name = n.path("name").asText("");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: required");
    }
    return name;
  }

  private static JsonNode parse(Buffer body) {
    return body.length() == 0 ? Json.object() : Json.parseObject(body.getBytes());
  }

  private static ObjectNode issued(IssuedKey k) {
    ObjectNode o = KeyJson.key(k.key());
    o.put("secret", k.secret());
    return o;
  }

  private ObjectNode withStatus(ObjectNode o, String scope, @Nullable Budget budget) {
    o.set("budget_status", budgetStatus(scope, budget));
    return o;
  }

  /**
   * {@code {"period_start", "period_end", "spent", "reserved", "remaining", "currency"}} for the
   * current period, or null when there is no budget.
   */
  private JsonNode budgetStatus(String scope, @Nullable Budget budget) {
    if (budget == null) {
      return Json.NODES.nullNode();
    }
    BudgetStatus s = budgets.status(new BudgetScope(scope, budget));
    ObjectNode o = Json.object();
    o.put("period", budget.period().wireName());
    o.put("period_start", s.window().start().toString());
    o.put("period_end", s.window().end() == null ? null : s.window().end().toString());
    o.put("amount", budget.amount().toPlainString());
    o.put("spent", s.spent().toPlainString());
    o.put("reserved", s.reserved().toPlainString());
    o.put("remaining", s.remaining().toPlainString());
    o.put("currency", budget.currency());
    return o;
  }
}
