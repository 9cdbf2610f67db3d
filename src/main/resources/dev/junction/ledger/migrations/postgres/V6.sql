-- V6: drop the per-key and per-team indexes of raw entries (V4).
-- No report reads raw rows by key or team: spend by key and team comes from ledger_rollup (which
-- has both as dimensions), and every read of ledger_entry is by time (partial days, hints,
-- retention), served by ledger_entry_ts. The two indexes made every insert update two more
-- b-trees at random places, about a third of the writer's cost per entry (docs/PERFORMANCE.md,
-- "Ledger writer cost"). To look up one key's raw rows ad hoc, filter a time range first:
--   SELECT ... FROM ledger_entry WHERE ts_ms >= ? AND ts_ms < ? AND key_id = ?
DROP INDEX IF EXISTS ledger_entry_key_ts;
DROP INDEX IF EXISTS ledger_entry_team_ts;
