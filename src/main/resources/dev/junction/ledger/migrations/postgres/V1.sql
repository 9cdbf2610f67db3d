-- V1: ledger entries and daily rollups.
-- One row per client request in ledger_entry (deleted after the retention); one row per
-- UTC day x provider x model x key x team x tag x currency in ledger_rollup (kept forever),
-- updated in the same transaction as the entries it sums. Costs are exact integers of
-- nano-units (1e-9 of the currency unit); booleans are 0/1; times are epoch milliseconds;
-- rollup dimensions use '' for "none" so that they can be part of the primary key.

CREATE TABLE ledger_entry (
  request_id TEXT NOT NULL,
  ts_ms BIGINT NOT NULL,
  key_id TEXT,
  team TEXT,
  tag TEXT,
  front TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  requested_model TEXT NOT NULL,
  deployment_id TEXT,
  provider TEXT,
  upstream_model TEXT,
  model TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  stream SMALLINT NOT NULL,
  status INTEGER NOT NULL,
  error_type TEXT,
  error_code TEXT,
  tok_input BIGINT NOT NULL,
  tok_cache_read BIGINT NOT NULL,
  tok_cache_write BIGINT NOT NULL,
  tok_cache_write_1h BIGINT NOT NULL,
  tok_output BIGINT NOT NULL,
  tok_reasoning BIGINT NOT NULL,
  usage_estimated SMALLINT NOT NULL,
  currency TEXT NOT NULL,
  cost_input_nanos BIGINT NOT NULL,
  cost_cache_read_nanos BIGINT NOT NULL,
  cost_cache_write_nanos BIGINT NOT NULL,
  cost_cache_write_1h_nanos BIGINT NOT NULL,
  cost_output_nanos BIGINT NOT NULL,
  cost_reasoning_nanos BIGINT NOT NULL,
  cost_total_nanos BIGINT NOT NULL,
  unpriced SMALLINT NOT NULL,
  reserved_nanos BIGINT,
  settled_nanos BIGINT,
  latency_ms BIGINT NOT NULL,
  ttft_ms BIGINT NOT NULL,
  cache_hit SMALLINT NOT NULL
);

CREATE TABLE ledger_rollup (
  day INTEGER NOT NULL,
  month INTEGER NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  key_id TEXT NOT NULL,
  team TEXT NOT NULL,
  tag TEXT NOT NULL,
  currency TEXT NOT NULL,
  requests BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  unpriced BIGINT NOT NULL,
  cache_hits BIGINT NOT NULL,
  estimated BIGINT NOT NULL,
  tok_input BIGINT NOT NULL,
  tok_cache_read BIGINT NOT NULL,
  tok_cache_write BIGINT NOT NULL,
  tok_cache_write_1h BIGINT NOT NULL,
  tok_output BIGINT NOT NULL,
  tok_reasoning BIGINT NOT NULL,
  cost_input_nanos BIGINT NOT NULL,
  cost_cache_read_nanos BIGINT NOT NULL,
  cost_cache_write_nanos BIGINT NOT NULL,
  cost_cache_write_1h_nanos BIGINT NOT NULL,
  cost_output_nanos BIGINT NOT NULL,
  cost_reasoning_nanos BIGINT NOT NULL,
  cost_total_nanos BIGINT NOT NULL,
  latency_sum_ms BIGINT NOT NULL,
  latency_max_ms BIGINT NOT NULL,
  PRIMARY KEY (day, provider, model, key_id, team, tag, currency)
);

-- Raw rows are read by time only (the latency window, retention): one index, covering the
-- latency query so that it never touches the table.
CREATE INDEX ledger_entry_time ON ledger_entry (ts_ms, model, latency_ms, status, error_code);

-- Reports read the rollups: by day (the primary key) and by each dimension over days.
CREATE INDEX ledger_rollup_model_day ON ledger_rollup (model, day);
CREATE INDEX ledger_rollup_provider_day ON ledger_rollup (provider, day);
CREATE INDEX ledger_rollup_key_day ON ledger_rollup (key_id, day);
CREATE INDEX ledger_rollup_team_day ON ledger_rollup (team, day);
CREATE INDEX ledger_rollup_tag_day ON ledger_rollup (tag, day);
