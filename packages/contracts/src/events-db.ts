/**
 * The events.db schema version this build writes (meta `schema_version`).
 * Bump it with any change a reader must know about, and add the readers.
 */
export const EVENTS_DB_SCHEMA_VERSION = 4;

/**
 * Schema versions the analytics can read. A file without the meta key predates it and is version 1.
 * Version 2 added node_attempts and requests.request_id, text_hash, text_chars; a version-1 file is
 * read with them added empty (its black-box figures are null). Version 3 added nodes.jurisdiction,
 * tier and quality, requests.residency and the ledger table; an older file is read with them added
 * empty (no residency or tier figures, no ledger to verify). Version 4 added requests.tier, quality, cache_age_ms,
 * queue_outcome and queued_ms and node_attempts.tier (the lower tiers), and requests.session_id, session_turn,
 * session_turns and api (conversations); an older file is read with them added empty (every answer's tier and
 * quality are then its serving node's; no session figures).
 */
export const READABLE_EVENTS_DB_VERSIONS: readonly number[] = Object.freeze([1, 2, 3, 4]);

/** SQLite storage classes the schema uses. */
export type ColumnType = "INTEGER" | "REAL" | "TEXT";

/** One column: its SQL shape and what it holds. */
export interface ColumnContract {
  readonly type: ColumnType;
  /** NOT NULL; a column without it may be NULL. */
  readonly required?: boolean;
  readonly default?: number;
  readonly meaning: string;
}

/** One table: its columns in order, and its primary key when it has one. */
export interface TableContract {
  readonly meaning: string;
  readonly columns: Readonly<Record<string, ColumnContract>>;
  /** Column names; a single column is declared inline (an INTEGER one is then SQLite's rowid alias). */
  readonly primaryKey?: readonly string[];
}

const INT = "INTEGER" as const;
const REAL = "REAL" as const;
const TEXT = "TEXT" as const;

/**
 * Every table and column of events.db. The event log creates the tables from this, and
 * docs/analytics.md ("The events.db schema") lists it row for row. Times are milliseconds since
 * the start of the pass, on a monotonic clock.
 */
export const EVENTS_DB_TABLES = {
  meta: {
    meaning: "one row per run-wide fact; the keys are EVENTS_DB_META_KEYS",
    primaryKey: ["key"],
    columns: {
      key: { type: TEXT, meaning: "a key of the meta-key table" },
      value: { type: TEXT, required: true, meaning: "its value (JSON where the key says so)" },
    },
  },
  passes: {
    meaning: "one row per pass: one strategy or system played over the scenario's timeline",
    primaryKey: ["id"],
    columns: {
      id: { type: INT, meaning: "the pass id every other table refers to" },
      strategy: { type: TEXT, required: true, meaning: "the strategy or system name" },
      repeat: { type: INT, required: true, default: 0, meaning: "0-based repeat of that strategy" },
      started_at: { type: TEXT, required: true, meaning: "wall-clock ISO time the pass began" },
      planned_ms: { type: REAL, required: true, meaning: "the scenario's duration" },
      end_ms: { type: REAL, meaning: "when the pass actually ended" },
      status: { type: TEXT, required: true, meaning: "running, complete, aborted or interrupted" },
      abort_reason: { type: TEXT, meaning: "why a pass was aborted" },
    },
  },
  nodes: {
    meaning: "the nodes a pass ran against",
    primaryKey: ["pass_id", "name"],
    columns: {
      pass_id: { type: INT, required: true, meaning: "the pass" },
      name: { type: TEXT, required: true, meaning: "the node's name in the scenario" },
      profile: { type: TEXT, meaning: "its GPU profile" },
      cloud: { type: TEXT, meaning: "its cloud label" },
      region: { type: TEXT, meaning: "its region label" },
      url: { type: TEXT, meaning: "its base URL" },
      cost_per_hour: { type: REAL, meaning: "price per hour, when set" },
      cost_per_1k_tokens: { type: REAL, meaning: "price per 1,000 tokens, when set" },
      jurisdiction: { type: TEXT, meaning: "residency tags, comma-separated, lower case; NULL when none" },
      tier: { type: TEXT, meaning: "degradation tier of its answers: full or degraded" },
      quality: { type: REAL, meaning: "quality weight of its answers, 0..1" },
    },
  },
  requests: {
    meaning: "one row per request the load generator sent, as the caller saw it",
    primaryKey: ["id"],
    columns: {
      id: { type: INT, meaning: "row id" },
      pass_id: { type: INT, required: true, meaning: "the pass" },
      strategy: { type: TEXT, required: true, meaning: "the strategy or system" },
      scheduled_ms: { type: REAL, required: true, meaning: "when the open-model schedule said to send" },
      start_ms: { type: REAL, required: true, meaning: "when it was actually sent" },
      first_byte_ms: { type: REAL, meaning: "first response byte (first token for streams)" },
      end_ms: { type: REAL, required: true, meaning: "when the caller had the whole answer or the error" },
      ok: { type: INT, required: true, meaning: "1 when the caller got a complete, valid answer" },
      status: { type: INT, meaning: "final HTTP status seen by the caller" },
      served_by: { type: TEXT, meaning: "node that produced the answer (or the last error)" },
      attempts: { type: INT, required: true, meaning: "upstream attempts the client made" },
      error: { type: TEXT, meaning: "human-readable error" },
      error_class: { type: TEXT, meaning: "a failure class (FAILURE_CLASSES)" },
      stream: { type: INT, required: true, meaning: "1 for a streamed request" },
      prompt_tokens: { type: INT, required: true, default: 0, meaning: "prompt tokens" },
      completion_tokens: { type: INT, required: true, default: 0, meaning: "completion tokens delivered" },
      wasted_tokens: { type: INT, required: true, default: 0, meaning: "tokens generated and thrown away" },
      request_class: { type: TEXT, meaning: "the load class" },
      request_id: { type: TEXT, meaning: "the id sent in x-request-id and the body's user field" },
      text_hash: { type: INT, meaning: "digest of the answer's text as received (textDigest)" },
      text_chars: { type: INT, meaning: "length of that text" },
      residency: { type: TEXT, meaning: "the jurisdiction tag the request had to stay in; NULL for anywhere" },
      tier: {
        type: TEXT,
        meaning:
          "the tier it was served at (full, degraded, minimal from the answer cache, emergency for the maintenance " +
          "answer); NULL for another failure, or when a black box names none",
      },
      quality: {
        type: REAL,
        meaning: "the quality weight its answer counts for: the serving node's, or answerCacheQuality when cached",
      },
      cache_age_ms: { type: REAL, meaning: "age of the cached answer it got (minimal tier); NULL otherwise" },
      queue_outcome: {
        type: TEXT,
        meaning: "how its stay in the retry queue ended (QUEUE_OUTCOMES: rescued, timed_out, overflow, failed)",
      },
      queued_ms: { type: REAL, meaning: "how long it waited in the retry queue; NULL when it never entered it" },
      shard: { type: INT, meaning: "the shard that recorded it (merged runs); NULL in an unsharded run" },
      session_id: { type: TEXT, meaning: "the conversation it belongs to (x-faultline-session); NULL outside one" },
      session_turn: { type: INT, meaning: "its 1-based turn in that conversation (x-faultline-turn)" },
      session_turns: { type: INT, meaning: "how many turns that conversation was planned to have" },
      api: {
        type: TEXT,
        meaning: "the API a conversation turn went over (SESSION_APIS: chat, responses); NULL outside a conversation",
      },
    },
  },
  attacks: {
    meaning: "one row per planned attack, with what actually happened",
    primaryKey: ["id"],
    columns: {
      id: { type: INT, meaning: "row id" },
      pass_id: { type: INT, required: true, meaning: "the pass" },
      strategy: { type: TEXT, required: true, meaning: "the strategy or system" },
      attack_id: { type: TEXT, required: true, meaning: "id from the scenario (or generated)" },
      target: { type: TEXT, required: true, meaning: "node name" },
      fault: { type: TEXT, required: true, meaning: "fault kind" },
      params: { type: TEXT, required: true, meaning: "fault parameters (JSON)" },
      planned_ms: { type: REAL, required: true, meaning: "when the timeline said to inject" },
      start_ms: { type: REAL, meaning: "when the injection was acknowledged (NULL if it failed)" },
      end_ms: { type: REAL, meaning: "planned end of the fault window" },
      reverted_ms: { type: REAL, meaning: "when the revert was acknowledged" },
      verified: { type: INT, meaning: "1 when /admin/state confirmed the revert" },
      error: { type: TEXT, meaning: "why an injection or revert failed" },
      shard: { type: INT, meaning: "the shard that recorded it (merged runs); NULL in an unsharded run" },
    },
  },
  routing_events: {
    meaning: "what the failover client or gateway decided, as it decided it",
    primaryKey: ["id"],
    columns: {
      id: { type: INT, meaning: "row id" },
      pass_id: { type: INT, required: true, meaning: "the pass" },
      strategy: { type: TEXT, required: true, meaning: "the strategy or system" },
      t_ms: { type: REAL, required: true, meaning: "when" },
      kind: { type: TEXT, required: true, meaning: "a routing-event kind (ROUTING_EVENT_KINDS)" },
      endpoint: { type: TEXT, meaning: "the endpoint it is about" },
      from_state: { type: TEXT, meaning: "state before (health, breaker)" },
      to_state: { type: TEXT, meaning: "state after" },
      reason: { type: TEXT, meaning: "why" },
      detail: { type: TEXT, meaning: "more detail (JSON)" },
      shard: { type: INT, meaning: "the shard that recorded it (merged runs); NULL in an unsharded run" },
    },
  },
  node_events: {
    meaning: "what the nodes reported: admin calls, faults applied and reverted, starts and exits",
    primaryKey: ["id"],
    columns: {
      id: { type: INT, meaning: "row id" },
      pass_id: { type: INT, required: true, meaning: "the pass" },
      t_ms: { type: REAL, required: true, meaning: "when" },
      node: { type: TEXT, required: true, meaning: "node name" },
      kind: {
        type: TEXT,
        required: true,
        meaning: "admin, fault_applied, fault_reverted, started, exited or restarted",
      },
      detail: { type: TEXT, meaning: "more detail (JSON)" },
    },
  },
  node_attempts: {
    meaning: "one row per upstream attempt as a node saw it (any system under test)",
    columns: {
      pass_id: { type: INT, required: true, meaning: "the pass" },
      request_id: { type: TEXT, required: true, meaning: "the client request (body user, else x-request-id)" },
      node: { type: TEXT, required: true, meaning: "node name" },
      arrived_ms: { type: REAL, required: true, meaning: "when the node received it" },
      first_byte_ms: { type: REAL, meaning: "first byte of the answer (first token for streams)" },
      end_ms: { type: REAL, required: true, meaning: "when the response closed" },
      status: { type: INT, required: true, meaning: "HTTP status sent; 0 when the connection closed before any" },
      outcome: { type: TEXT, required: true, meaning: "complete, cut or reset" },
      prompt_tokens: { type: INT, required: true, default: 0, meaning: "prompt tokens" },
      completion_tokens: { type: INT, required: true, default: 0, meaning: "completion tokens sent" },
      text_hash: { type: INT, meaning: "digest of the text this attempt sent" },
      text_chars: { type: INT, meaning: "length of that text" },
      tier: { type: TEXT, meaning: "the tier the node served the attempt at (its declared tier)" },
    },
  },
  samples: {
    meaning: "resource samples of the nodes started here",
    columns: {
      pass_id: { type: INT, required: true, meaning: "the pass" },
      t_ms: { type: REAL, required: true, meaning: "when" },
      node: { type: TEXT, required: true, meaning: "node name" },
      cpu_pct: { type: REAL, meaning: "process CPU time over the interval, % of one core" },
      rss_mb: { type: REAL, meaning: "resident memory, MiB" },
      running: { type: INT, meaning: "sequences decoding" },
      waiting: { type: INT, meaning: "sequences queued" },
    },
  },
  ledger: {
    meaning: "the routing ledger: one hash-chained record per routing decision (docs/ledger.md)",
    primaryKey: ["seq"],
    columns: {
      seq: { type: INT, meaning: "place in the chain, from 1" },
      pass_id: { type: INT, meaning: "the pass (events.db); NULL in a gateway's ledger file" },
      request_id: { type: TEXT, meaning: "the caller's request id (x-request-id; the runner's id)" },
      attempt: { type: INT, required: true, meaning: "1-based attempt of the request" },
      t_ms: { type: REAL, required: true, meaning: "the client's clock at the decision" },
      record: { type: TEXT, required: true, meaning: "the record as canonical JSON (RFC 8785)" },
      prev_hash: { type: TEXT, required: true, meaning: "the previous record's hash (64 zeros for the first)" },
      hash: { type: TEXT, required: true, meaning: "SHA-256, hex, of prev_hash followed by record" },
    },
  },
} as const satisfies Record<string, TableContract>;

/** A table of events.db. */
export type EventsDbTable = keyof typeof EVENTS_DB_TABLES;

/** Indexes the analytics rely on: created when a run finishes, and by readers of an unfinished run. */
export const EVENTS_DB_INDEXES: Readonly<
  Record<string, { readonly table: EventsDbTable; readonly columns: readonly string[] }>
> = {
  requests_pass_time: { table: "requests", columns: ["pass_id", "start_ms"] },
  requests_pass_sched: { table: "requests", columns: ["pass_id", "scheduled_ms"] },
  routing_pass_time: { table: "routing_events", columns: ["pass_id", "t_ms"] },
  attacks_pass: { table: "attacks", columns: ["pass_id", "planned_ms"] },
  attempts_request: { table: "node_attempts", columns: ["pass_id", "request_id", "arrived_ms"] },
  attempts_pass_time: { table: "node_attempts", columns: ["pass_id", "arrived_ms"] },
};

/** Every key of the meta table, and what its value holds. */
export const EVENTS_DB_META_KEYS = {
  schema_version: "the schema version the file was written with",
  complete: "1 once the run finished and its indexes exist; 0 while running or after a crash",
  scenario_name: "the scenario's name",
  scenario_file: "the scenario file's path",
  scenario_text: "the scenario file's text, as it was",
  scenario_resolved: "the resolved scenario (JSON)",
  seed: "the seed every random draw came from",
  slo: "the SLO thresholds (JSON)",
  steady_state: "the steady-state thresholds (JSON)",
  gate_strategy: "the strategy the SLO verdict is about",
  client_order: "the endpoints in the client's order (JSON)",
  strategies: "the strategies played (JSON)",
  systems: "the systems under test, name and kind (JSON)",
  started_at: "wall-clock ISO time the run began",
  time_scale: "the time scale the run was played at",
  drain_ms:
    "how long each pass waited after its last send for the answers in flight before it cut them (`run --drain`)",
  host: "the machine the run was played on: host name, platform, CPUs, memory, Node version (JSON)",
  faultline_version: "the version of faultline that wrote the file",
  shard_index: "this run's shard index (0-based) under `run --shard`; absent in an unsharded or merged run",
  shard_count: "how many shards the run was split into; absent in an unsharded run",
  shard_start_at: "the wall-clock ISO time every shard started its first pass at",
  shard_start_skew_ms:
    'how late each pass clock started against the shared start (JSON {"<pass>": ms}; merged: per shard)',
  merged_from: "the shard run folders a merged run was made from (JSON, by shard index)",
} as const;

/** The JSON the meta key `host` holds: the machine the run played on. */
export interface RunHost {
  hostname: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
}

/** A key of the meta table. */
export type EventsDbMetaKey = keyof typeof EVENTS_DB_META_KEYS;

/** The CREATE TABLE statement of one table, from its contract. */
export function createTableSql(name: string, table: TableContract): string {
  const cols = Object.entries(table.columns).map(([col, c]) => {
    const soleIntegerKey = table.primaryKey?.length === 1 && table.primaryKey[0] === col;
    const parts = [col, c.type];
    if (soleIntegerKey) parts.push("PRIMARY KEY");
    if (c.required) parts.push("NOT NULL");
    if (c.default !== undefined) parts.push(`DEFAULT ${c.default}`);
    return `  ${parts.join(" ")}`;
  });
  if (table.primaryKey && table.primaryKey.length > 1) cols.push(`  PRIMARY KEY (${table.primaryKey.join(", ")})`);
  return `CREATE TABLE IF NOT EXISTS ${name} (\n${cols.join(",\n")}\n);`;
}
