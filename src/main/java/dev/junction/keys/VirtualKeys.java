package dev.junction.keys;

import static java.util.Objects.requireNonNull;

import dev.junction.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The virtual keys and teams of the gateway: the admin operations (create, list, update, rotate,
 * revoke) and the {@link Authenticator} the request path uses.
 *
 * <p><b>Secrets.</b> A secret is {@code jk-} followed by 43 base64url characters (256 random
 * bits from the injected generator: pass a {@link java.security.SecureRandom} in production). It
 * is returned once, in the {@link IssuedKey}, and only its SHA-256 is kept (see {@link KeyHash}
 * for why not bcrypt).
 *
 * <p><b>Lookup.</b> An immutable index maps the hex digest of each active key's secret to the
 * key; {@link #authenticate} hashes the presented secret, finds the candidate in one map lookup
 * and confirms it with a constant-time digest comparison. The master key is compared the same
 * way (digest against digest, so not even its length leaks).
 *
 * <p><b>Changes take effect at once.</b> Each change is written to the {@link KeyStore} first,
 * then a new index is published (a volatile write): the next authentication after {@code
 * revoke} or {@code rotate} returns sees the new state. Thread-safe: reads never lock; writes are
 * serialised.
 */
public final class VirtualKeys implements Authenticator {

  /** What every secret starts with. */
  public static final String SECRET_PREFIX = "jk-";
  /** How many characters of a secret are kept for display. */
  static final int DISPLAY_CHARS = 10;

  private record Index(Map<String, VirtualKey> byHash, Map<String, VirtualKey> keys,
      Map<String, Team> teams) {}

  private final KeyStore store;
  private final byte @Nullable [] masterDigest;
  private final RandomGenerator random;
  private final InstantSource clock;
  private final Object writes = new Object();
  private volatile Index index;

  private VirtualKeys(KeyStore store, @Nullable Secret master, RandomGenerator random,
      InstantSource clock) {
    this.store = store;
    this.masterDigest = master == null ? null
        : KeyHash.sha256(master.reveal().getBytes(StandardCharsets.UTF_8));
    this.random = random;
    this.clock = clock;
    this.index = build(store.teams(), store.keys());
  }

  /**
   * Loads every team and key from {@code store}. {@code master} guards the admin API; null runs
   * the gateway open (development mode).
   */
  public static VirtualKeys open(KeyStore store, @Nullable Secret master, RandomGenerator random,
      InstantSource clock) {
    return new VirtualKeys(requireNonNull(store, "store"), master,
        requireNonNull(random, "random"), requireNonNull(clock, "clock"));
  }

  private static Index build(List<Team> teams, List<VirtualKey> keys) {
    Map<String, VirtualKey> byHash = new HashMap<>();
    Map<String, VirtualKey> byId = new LinkedHashMap<>();
    for (VirtualKey k : keys) {
      byId.put(k.id(), k);
      if (k.active()) {
        byHash.put(k.hash().hex(), k);
      }
    }
    Map<String, Team> t = new LinkedHashMap<>();
    teams.forEach(x -> t.put(x.id(), x));
    return new Index(byHash, byId, t);
  }

  @Override
  public Optional<KeyContext> authenticate(String presentedSecret) {
    requireNonNull(presentedSecret, "presentedSecret");
    KeyHash presented = KeyHash.of(presentedSecret);
    Index ix = index;
    VirtualKey k = ix.byHash().get(presented.hex());
    if (k == null || !k.hash().matches(presented) || !k.active()) {
      return Optional.empty();
    }
    return Optional.of(new KeyContext(k, k.teamId() == null ? null : ix.teams().get(k.teamId())));
  }

  @Override
  public boolean isMaster(String presentedSecret) {
    requireNonNull(presentedSecret, "presentedSecret");
    return masterDigest != null && MessageDigest.isEqual(masterDigest,
        KeyHash.sha256(presentedSecret.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public boolean developmentMode() {
    return masterDigest == null;
  }

  // ---- teams

  /** Every team, oldest first. */
  public List<Team> teams() {
    return List.copyOf(index.teams().values());
  }

  /** A team by id. */
  public Optional<Team> team(String id) {
    return Optional.ofNullable(index.teams().get(id));
  }

  /** Creates a team. */
  public Team createTeam(TeamSpec spec) {
    requireNonNull(spec, "spec");
    synchronized (writes) {
      Team t = new Team("team_" + hex(6), nonBlank(spec.name()), spec.org(), spec.metadata(),
          spec.allowedModels(), spec.limits(), spec.budget(), clock.instant());
      store.saveTeam(t);
      publish();
      return t;
    }
  }

  /** Replaces a team's settings; its keys see them from their next request. */
  public Team updateTeam(String id, TeamSpec spec) {
    requireNonNull(spec, "spec");
    synchronized (writes) {
      Team t = team(id).orElseThrow(() -> missing("team", id)).with(spec);
      nonBlank(t.name());
      store.saveTeam(t);
      publish();
      return t;
    }
  }

  // ---- keys

  /** Every key, revoked ones included, oldest first. */
  public List<VirtualKey> keys() {
    return List.copyOf(index.keys().values());
  }

  /** A key by id. */
  public Optional<VirtualKey> key(String id) {
    return Optional.ofNullable(index.keys().get(id));
  }

  /** Creates a key; the returned secret is never available again. */
  public IssuedKey createKey(KeySpec spec) {
    requireNonNull(spec, "spec");
    synchronized (writes) {
      checkTeam(spec.teamId());
      String secret = newSecret();
      VirtualKey k = new VirtualKey("key_" + hex(8), nonBlank(spec.name()), spec.teamId(),
          KeyHash.of(secret), display(secret), spec.metadata(), spec.allowedModels(),
          spec.limits(), spec.budget(), spec.defaultPriority(), clock.instant(), null, null);
      store.saveKey(k);
      publish();
      return new IssuedKey(k, secret);
    }
  }

  /** Replaces a key's settings (not its secret). */
  public VirtualKey updateKey(String id, KeySpec spec) {
    requireNonNull(spec, "spec");
    synchronized (writes) {
      checkTeam(spec.teamId());
      VirtualKey k = active(id).with(spec);
      nonBlank(k.name());
      store.saveKey(k);
      publish();
      return k;
    }
  }

  /** Gives the key a new secret; the old one stops working when this returns. */
  public IssuedKey rotate(String id) {
    synchronized (writes) {
      String secret = newSecret();
      VirtualKey k = active(id).rotated(KeyHash.of(secret), display(secret), clock.instant());
      store.saveKey(k);
      publish();
      return new IssuedKey(k, secret);
    }
  }

  /** Revokes the key for good; it stops working when this returns. Revoking twice is a no-op. */
  public VirtualKey revoke(String id) {
    synchronized (writes) {
      VirtualKey k = key(id).orElseThrow(() -> missing("key", id));
      if (!k.active()) {
        return k;
      }
      VirtualKey r = k.revoked(clock.instant());
      store.saveKey(r);
      publish();
      return r;
    }
  }

  private VirtualKey active(String id) {
    VirtualKey k = key(id).orElseThrow(() -> missing("key", id));
    if (!k.active()) {
      throw new IllegalStateException("key " + id + " is revoked");
    }
    return k;
  }

  private void checkTeam(@Nullable String teamId) {
    if (teamId != null && !index.teams().containsKey(teamId)) {
      throw new IllegalArgumentException("team_id: no team '" + teamId + "'");
    }
  }

  private void publish() {
    index = build(store.teams(), store.keys());
  }

  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String display(String secret) {
    return secret.substring(0, DISPLAY_CHARS);
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String nonBlank(String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: must not be blank");
    }
    return name;
  }

  private static NoSuchElementException missing(String what, String id) {
    return new NoSuchElementException("no " + what + " '" + id + "'");
  }
}
