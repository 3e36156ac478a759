import { EVENTS_DB_SCHEMA_VERSION } from "@faultline/contracts";
import { LEDGER_SQL } from "./ledger/chain.js";

/**
 * The events.db schema. One file per run; every figure in a report is derived
 * from these tables. Times are milliseconds since the start of the pass
 * (one pass = one strategy played over the scenario's timeline), on a
 * monotonic clock.
 */
export const SCHEMA_VERSION = EVENTS_DB_SCHEMA_VERSION;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS passes (
  id            INTEGER PRIMARY KEY,
  strategy      TEXT NOT NULL,
  repeat        INTEGER NOT NULL DEFAULT 0,
  started_at    TEXT NOT NULL,           -- wall-clock ISO time the pass began
  planned_ms    REAL NOT NULL,           -- the scenario's duration
  end_ms        REAL,                    -- when the pass actually ended
  status        TEXT NOT NULL,           -- running | complete | aborted | interrupted
  abort_reason  TEXT
);
CREATE TABLE IF NOT EXISTS nodes (
  pass_id            INTEGER NOT NULL,
  name               TEXT NOT NULL,
  profile            TEXT,
  cloud              TEXT,
  region             TEXT,
  url                TEXT,
  cost_per_hour      REAL,
  cost_per_1k_tokens REAL,
  jurisdiction       TEXT,               -- residency tags, comma-separated, lower case; NULL when none (schema 3)
  tier               TEXT,               -- degradation tier of its answers: full | degraded (schema 3)
  quality            REAL,               -- quality weight of its answers, 0..1 (schema 3)
  PRIMARY KEY (pass_id, name)
);
CREATE TABLE IF NOT EXISTS requests (
  id                INTEGER PRIMARY KEY,
  pass_id           INTEGER NOT NULL,
  strategy          TEXT NOT NULL,
  scheduled_ms      REAL NOT NULL,       -- when the open-model schedule said to send
  start_ms          REAL NOT NULL,       -- when it was actually sent
  first_byte_ms     REAL,                -- first response byte (first token for streams)
  end_ms            REAL NOT NULL,
  ok                INTEGER NOT NULL,    -- 1 when the caller got a complete, valid answer
  status            INTEGER,             -- final HTTP status seen by the caller
  served_by         TEXT,                -- node that produced the answer (or the last error)
  attempts          INTEGER NOT NULL,
  error             TEXT,                -- human-readable error
  error_class       TEXT,                -- connect | timeout | http_5xx | http_429 | http_4xx | stream_cut | stream_stall | malformed | deadline | budget
  stream            INTEGER NOT NULL,
  prompt_tokens     INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  wasted_tokens     INTEGER NOT NULL DEFAULT 0,
  request_class     TEXT,
  request_id        TEXT,                -- the id sent in x-request-id and the body's user field
  text_hash         INTEGER,             -- digest of the answer's text as received (black-box systems; see textDigest in @faultline/core)
  text_chars        INTEGER,
  residency         TEXT                 -- the jurisdiction tag the request had to stay in; NULL for anywhere (schema 3)
);
CREATE TABLE IF NOT EXISTS attacks (
  id           INTEGER PRIMARY KEY,
  pass_id      INTEGER NOT NULL,
  strategy     TEXT NOT NULL,
  attack_id    TEXT NOT NULL,            -- id from the scenario (or generated)
  target       TEXT NOT NULL,            -- node name
  fault        TEXT NOT NULL,
  params       TEXT NOT NULL,            -- JSON
  planned_ms   REAL NOT NULL,
  start_ms     REAL,                     -- when the injection was acknowledged (NULL if it failed)
  end_ms       REAL,                     -- planned end of the fault window
  reverted_ms  REAL,                     -- when the revert was acknowledged
  verified     INTEGER,                  -- 1 when /admin/state confirmed the revert
  error        TEXT
);
CREATE TABLE IF NOT EXISTS routing_events (
  id         INTEGER PRIMARY KEY,
  pass_id    INTEGER NOT NULL,
  strategy   TEXT NOT NULL,
  t_ms       REAL NOT NULL,
  kind       TEXT NOT NULL,              -- health | breaker | failover | failback | retry | hedge_start | hedge_winner | budget_exhausted | stream_resumed | stream_aborted
  endpoint   TEXT,
  from_state TEXT,
  to_state   TEXT,
  reason     TEXT,
  detail     TEXT                        -- JSON
);
CREATE TABLE IF NOT EXISTS node_events (
  id       INTEGER PRIMARY KEY,
  pass_id  INTEGER NOT NULL,
  t_ms     REAL NOT NULL,
  node     TEXT NOT NULL,
  kind     TEXT NOT NULL,                -- admin | fault_applied | fault_reverted | started | exited
  detail   TEXT                          -- JSON
);
CREATE TABLE IF NOT EXISTS node_attempts (
  pass_id           INTEGER NOT NULL,
  request_id        TEXT NOT NULL,       -- the client request this attempt belongs to (body user, else x-request-id)
  node              TEXT NOT NULL,
  arrived_ms        REAL NOT NULL,       -- when the node received it
  first_byte_ms     REAL,                -- first byte of the answer (first token for streams)
  end_ms            REAL NOT NULL,       -- when the response closed
  status            INTEGER NOT NULL,    -- HTTP status sent; 0 when the connection closed before any
  outcome           TEXT NOT NULL,       -- complete | cut | reset
  prompt_tokens     INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  text_hash         INTEGER,             -- digest of the text this attempt sent
  text_chars        INTEGER
);
CREATE TABLE IF NOT EXISTS samples (
  pass_id  INTEGER NOT NULL,
  t_ms     REAL NOT NULL,
  node     TEXT NOT NULL,
  cpu_pct  REAL,                         -- process CPU time over the interval, % of one core
  rss_mb   REAL,
  running  INTEGER,
  waiting  INTEGER
);
${LEDGER_SQL}
`;

/** Indexes the analytics rely on; created at finish, and again by readers of an unfinished run. */
export const INDEX_SQL = `
CREATE INDEX IF NOT EXISTS requests_pass_time ON requests (pass_id, start_ms);
CREATE INDEX IF NOT EXISTS requests_pass_sched ON requests (pass_id, scheduled_ms);
CREATE INDEX IF NOT EXISTS routing_pass_time ON routing_events (pass_id, t_ms);
CREATE INDEX IF NOT EXISTS attacks_pass ON attacks (pass_id, planned_ms);
CREATE INDEX IF NOT EXISTS attempts_request ON node_attempts (pass_id, request_id, arrived_ms);
CREATE INDEX IF NOT EXISTS attempts_pass_time ON node_attempts (pass_id, arrived_ms);
`;
