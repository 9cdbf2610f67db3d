package dev.junction.keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link KeyStore} in memory, in insertion order. */
final class MemoryKeyStore implements KeyStore {

  private final Map<String, Team> teams = new LinkedHashMap<>();
  private final Map<String, VirtualKey> keys = new LinkedHashMap<>();

  @Override
  public synchronized List<Team> teams() {
    return List.copyOf(teams.values());
  }

  @Override
  public synchronized List<VirtualKey> keys() {
    return List.copyOf(keys.values());
  }

  @Override
  public synchronized void saveTeam(Team team) {
    teams.put(team.id(), team);
  }

  @Override
  public synchronized void saveKey(VirtualKey key) {
    keys.put(key.id(), key);
  }
}
