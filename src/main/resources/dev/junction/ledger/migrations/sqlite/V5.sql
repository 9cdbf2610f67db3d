-- V5: daily hint facts (SpendHints) per UTC day, tag, provider, model and currency.
-- The writer adds a batch's sums to ledger_hint in the transaction that writes the entries, like
-- ledger_rollup and ledger_latency (one upsert per key per flush); it is kept forever. tag and
-- provider hold '' for none; model is ledger_entry.model. Per key:
--   calls, cost_nanos: every call and its cost;
--   failed_calls, failed_nanos: calls the client saw fail (status >= 400 or a failed stream);
--   small_calls, small_nanos, small_tok_*: successful, priced, non-cached calls with a provider and
--     an upstream model and fewer than 500 prompt tokens (input + cache read + cache writes), and
--     their tokens by kind (to price them at a cheaper model when the hints are read);
--   hashed_calls: successful calls with a prompt fingerprint; repeats, repeat_nanos: those whose
--     fingerprint (in the same currency) equals that of a successful call at most 1 hour earlier.
-- The raw rows still present are summed into it here, with the repeats found exactly over them.
-- Days whose raw rows the retention had already deleted get no facts: their hints stay unknown.

CREATE TABLE ledger_hint (
  day INTEGER NOT NULL,
  tag TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  currency TEXT NOT NULL,
  calls BIGINT NOT NULL,
  cost_nanos BIGINT NOT NULL,
  failed_calls BIGINT NOT NULL,
  failed_nanos BIGINT NOT NULL,
  small_calls BIGINT NOT NULL,
  small_nanos BIGINT NOT NULL,
  small_tok_input BIGINT NOT NULL,
  small_tok_cache_read BIGINT NOT NULL,
  small_tok_cache_write BIGINT NOT NULL,
  small_tok_cache_write_1h BIGINT NOT NULL,
  small_tok_output BIGINT NOT NULL,
  small_tok_reasoning BIGINT NOT NULL,
  hashed_calls BIGINT NOT NULL,
  repeats BIGINT NOT NULL,
  repeat_nanos BIGINT NOT NULL,
  PRIMARY KEY (day, tag, provider, model, currency)
) WITHOUT ROWID;

INSERT INTO ledger_hint (day, tag, provider, model, currency, calls, cost_nanos, failed_calls,
  failed_nanos, small_calls, small_nanos, small_tok_input, small_tok_cache_read, small_tok_cache_write, small_tok_cache_write_1h, small_tok_output, small_tok_reasoning,
  hashed_calls, repeats, repeat_nanos)
SELECT ts_ms / 86400000, COALESCE(tag, ''), COALESCE(provider, ''), model, currency,
  COUNT(*), SUM(cost_total_nanos), SUM(failed), SUM(failed * cost_total_nanos),
  SUM(small), SUM(small * cost_total_nanos),
  SUM(small * tok_input), SUM(small * tok_cache_read), SUM(small * tok_cache_write), SUM(small * tok_cache_write_1h), SUM(small * tok_output), SUM(small * tok_reasoning),
  SUM(hashed), SUM(rep), SUM(rep * cost_total_nanos)
FROM (
  SELECT b.*, CASE WHEN b.hashed = 1 AND b.ts_ms - LAG(b.ts_ms) OVER (
      PARTITION BY b.hashed, b.currency, b.prompt_hash ORDER BY b.ts_ms, b.request_id)
      <= 3600000 THEN 1 ELSE 0 END AS rep
  FROM (
    SELECT e.request_id, e.ts_ms, e.tag, e.provider, e.model, e.currency, e.cost_total_nanos,
      e.prompt_hash, e.tok_input, e.tok_cache_read, e.tok_cache_write, e.tok_cache_write_1h, e.tok_output, e.tok_reasoning,
      CASE WHEN e.status >= 400 OR e.error_code IS NOT NULL THEN 1 ELSE 0 END AS failed,
      CASE WHEN e.prompt_hash IS NOT NULL AND e.status < 400 AND e.error_code IS NULL
        THEN 1 ELSE 0 END AS hashed,
      CASE WHEN e.provider IS NOT NULL AND e.upstream_model IS NOT NULL AND e.unpriced = 0
        AND e.cache_hit = 0 AND e.status < 400 AND e.error_code IS NULL
        AND e.tok_input + e.tok_cache_read + e.tok_cache_write + e.tok_cache_write_1h < 500
        THEN 1 ELSE 0 END AS small
    FROM ledger_entry e
  ) b
) r
GROUP BY ts_ms / 86400000, COALESCE(tag, ''), COALESCE(provider, ''), model, currency;
