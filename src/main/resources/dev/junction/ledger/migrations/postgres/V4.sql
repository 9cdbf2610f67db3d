-- V4: per-key and per-team lookups of entries.
-- Virtual keys (docs/KEYS.md) fill key_id (the key's public id, never its secret), team (the
-- key's team id) and reserved_nanos / settled_nanos (the budget hold before and the amount
-- charged after the call, exact nano-units) in ledger_entry, columns V1 created. These indexes
-- serve the per-key and per-team queries of the admin API and reports over raw entries.
-- Independent of V3 (applied by number; either order works).
CREATE INDEX IF NOT EXISTS ledger_entry_key_ts ON ledger_entry (key_id, ts_ms);
CREATE INDEX IF NOT EXISTS ledger_entry_team_ts ON ledger_entry (team, ts_ms);
