-- V2: prompt fingerprint per entry.
-- prompt_hash holds 32 hex digits of a SHA-256 over the requested model and the messages' text
-- (never the text itself), or NULL when no fingerprint was computed (rows written before V2,
-- prompts with images or documents). SpendHints counts prompts repeated within an hour with it.
ALTER TABLE ledger_entry ADD COLUMN prompt_hash TEXT;
