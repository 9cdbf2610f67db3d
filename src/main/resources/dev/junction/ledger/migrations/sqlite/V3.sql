-- V3: latency histograms per UTC day and model.
-- ledger_latency_bucket is the fixed table of log-spaced latency buckets (LatencyHistogram): bucket k
-- holds lower_ms up to the next bucket's lower_ms - 1; the last one is open-ended. ledger_latency
-- holds, per UTC day (days since 1970-01-01) x model x bucket, how many successful requests fell
-- in the bucket and the smallest and largest latency among them; bucket -1 counts the errors
-- (status >= 400 or a stream that failed after a 200). The writer adds to it in the transaction
-- that writes the entries, like ledger_rollup; it is kept forever. The latency report merges it
-- for whole days instead of reading raw rows. The raw time index loses its covering columns.
-- The raw rows still present are summed into it here; days whose raw rows were already deleted
-- by the retention have no histogram (as before V3, their latency is unknown).

CREATE TABLE ledger_latency_bucket (
  bucket INTEGER NOT NULL PRIMARY KEY,
  lower_ms BIGINT NOT NULL UNIQUE
);

INSERT INTO ledger_latency_bucket (bucket, lower_ms) VALUES
  (0, 0),
  (1, 1),
  (2, 2),
  (3, 3),
  (4, 4),
  (5, 5),
  (6, 6),
  (7, 7),
  (8, 8),
  (9, 9),
  (10, 10),
  (11, 11),
  (12, 12),
  (13, 13),
  (14, 14),
  (15, 15),
  (16, 16),
  (17, 17),
  (18, 18),
  (19, 19),
  (20, 21),
  (21, 24),
  (22, 27),
  (23, 30),
  (24, 33),
  (25, 36),
  (26, 39),
  (27, 43),
  (28, 48),
  (29, 53),
  (30, 58),
  (31, 64),
  (32, 71),
  (33, 78),
  (34, 86),
  (35, 95),
  (36, 105),
  (37, 116),
  (38, 128),
  (39, 142),
  (40, 157),
  (41, 173),
  (42, 191),
  (43, 211),
  (44, 233),
  (45, 257),
  (46, 284),
  (47, 314),
  (48, 347),
  (49, 384),
  (50, 425),
  (51, 470),
  (52, 519),
  (53, 573),
  (54, 633),
  (55, 699),
  (56, 772),
  (57, 853),
  (58, 943),
  (59, 1043),
  (60, 1153),
  (61, 1274),
  (62, 1408),
  (63, 1556),
  (64, 1719),
  (65, 1899),
  (66, 2098),
  (67, 2318),
  (68, 2562),
  (69, 2832),
  (70, 3130),
  (71, 3459),
  (72, 3823),
  (73, 4226),
  (74, 4671),
  (75, 5163),
  (76, 5707),
  (77, 6308),
  (78, 6972),
  (79, 7706),
  (80, 8517),
  (81, 9413),
  (82, 10404),
  (83, 11499),
  (84, 12709),
  (85, 14047),
  (86, 15526),
  (87, 17161),
  (88, 18968),
  (89, 20965),
  (90, 23172),
  (91, 25611),
  (92, 28307),
  (93, 31287),
  (94, 34581),
  (95, 38222),
  (96, 42246),
  (97, 46693),
  (98, 51608),
  (99, 57041),
  (100, 63046),
  (101, 69683),
  (102, 77018),
  (103, 85125),
  (104, 94086),
  (105, 103990),
  (106, 114936),
  (107, 127034),
  (108, 140406),
  (109, 155186),
  (110, 171522),
  (111, 189577),
  (112, 209532),
  (113, 231588),
  (114, 255966),
  (115, 282910),
  (116, 312690),
  (117, 345605),
  (118, 381985),
  (119, 422194),
  (120, 466635),
  (121, 515754),
  (122, 570044),
  (123, 630049);

CREATE TABLE ledger_latency (
  day INTEGER NOT NULL,
  model TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  entries BIGINT NOT NULL,
  min_ms BIGINT NOT NULL,
  max_ms BIGINT NOT NULL,
  PRIMARY KEY (day, model, bucket)
) WITHOUT ROWID;

INSERT INTO ledger_latency (day, model, bucket, entries, min_ms, max_ms)
SELECT day, model, bucket, COUNT(*), MIN(latency_ms), MAX(latency_ms) FROM (
  SELECT ts_ms / 86400000 AS day, model, latency_ms,
    CASE WHEN status >= 400 OR error_code IS NOT NULL THEN -1
      ELSE COALESCE((SELECT b.bucket FROM ledger_latency_bucket b
        WHERE b.lower_ms <= e.latency_ms ORDER BY b.lower_ms DESC LIMIT 1), 0) END AS bucket
  FROM ledger_entry e
) x GROUP BY day, model, bucket;

-- Raw rows are now read by time only for partial days (and for retention and hints): a plain time
-- index replaces V1's covering one, which made every insert update a five-column index entry.
DROP INDEX ledger_entry_time;
CREATE INDEX ledger_entry_ts ON ledger_entry (ts_ms);
