import Database from "better-sqlite3";
import { INDEX_SQL, SCHEMA_SQL, SCHEMA_VERSION } from "./schema.js";
import { COLUMNS, type BatchedTable, type RowOf } from "./rows.js";
import { EVENT_LOG_DEFAULTS } from "./defaults.js";

/** Options of the writer; see EVENT_LOG_DEFAULTS. */
export interface EventLogOptions {
  batchSize?: number;
  flushIntervalMs?: number;
}

/** A node as recorded for a pass. */
export interface NodeRecord {
  name: string;
  profile?: string | null;
  cloud?: string | null;
  region?: string | null;
  url?: string | null;
  costPerHour?: number | null;
  costPer1kTokens?: number | null;
}

/** An attack as planned; start and revert are filled in as they happen. */
export interface AttackRecord {
  passId: number;
  strategy: string;
  attackId: string;
  target: string;
  fault: string;
  params: Record<string, unknown>;
  plannedMs: number;
  endMs: number | null;
}

/** Opens an existing events.db for reading, creating the analytics indexes if missing. */
export function openEventLogForRead(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  addMissingParts(db);
  db.exec(INDEX_SQL);
  return db;
}

/**
 * A log from an older schema gets the tables and columns it lacks, empty, so
 * one set of queries reads every version (a version-1 run has no node-side
 * attempts: its black-box figures come out null).
 */
function addMissingParts(db: Database.Database): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'requests'").get() !== undefined;
  if (!hasTable) return;
  db.exec(SCHEMA_SQL);
  const columns = db.prepare("SELECT name FROM pragma_table_info('requests')").all() as Array<{ name: string }>;
  for (const [name, type] of [["request_id", "TEXT"], ["text_hash", "INTEGER"], ["text_chars", "INTEGER"]]) {
    if (!columns.some((c) => c.name === name)) db.exec(`ALTER TABLE requests ADD COLUMN ${name} ${type}`);
  }
}

/**
 * The writer of a run's events.db. High-volume tables are appended to
 * in-memory batches that are committed in one transaction each, so the
 * request path never waits on SQLite and memory stays bounded by batchSize.
 * WAL mode keeps the file consistent if the process is killed mid-run.
 */
export class EventLog {
  /** The underlying database; readers may query it, writers go through this class. */
  readonly db: Database.Database;
  private readonly batchSize: number;
  private readonly buffers: { [T in BatchedTable]: unknown[][] } = { requests: [], routing_events: [], node_events: [], node_attempts: [], samples: [] };
  private readonly inserts: { [T in BatchedTable]: Database.Statement };
  private readonly flushAll: () => void;
  private buffered = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Rows committed so far, all tables. */
  rowsWritten = 0;
  /** The largest number of rows ever held in memory at once. */
  maxBuffered = 0;

  constructor(path: string, options: EventLogOptions = {}) {
    this.batchSize = options.batchSize ?? EVENT_LOG_DEFAULTS.batchSize;
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(SCHEMA_SQL);
    this.setMeta("schema_version", String(SCHEMA_VERSION));
    const insert = (t: BatchedTable) =>
      this.db.prepare(`INSERT INTO ${t} (${COLUMNS[t].join(",")}) VALUES (${COLUMNS[t].map(() => "?").join(",")})`);
    this.inserts = { requests: insert("requests"), routing_events: insert("routing_events"), node_events: insert("node_events"), node_attempts: insert("node_attempts"), samples: insert("samples") };
    this.flushAll = this.db.transaction(() => {
      for (const t of Object.keys(this.buffers) as BatchedTable[]) {
        const rows = this.buffers[t];
        const stmt = this.inserts[t];
        for (let i = 0; i < rows.length; i++) stmt.run(rows[i]!);
        rows.length = 0;
      }
    });
    const interval = options.flushIntervalMs ?? EVENT_LOG_DEFAULTS.flushIntervalMs;
    this.timer = setInterval(() => this.flush(), interval);
    this.timer.unref();
  }

  /** Queues one row; commits the batch when it is full. */
  append<T extends BatchedTable>(table: T, row: RowOf[T]): void {
    if (this.closed) return;
    const cols = COLUMNS[table];
    const values = new Array(cols.length);
    const r = row as unknown as Record<string, unknown>;
    for (let i = 0; i < cols.length; i++) values[i] = r[cols[i]!] ?? null;
    this.buffers[table].push(values);
    if (++this.buffered > this.maxBuffered) this.maxBuffered = this.buffered;
    if (this.buffered >= this.batchSize) this.flush();
  }

  /** Commits every queued row now. */
  flush(): void {
    if (this.buffered === 0 || this.closed) return;
    this.flushAll();
    this.rowsWritten += this.buffered;
    this.buffered = 0;
  }

  /** Sets a run-level metadata value. */
  setMeta(key: string, value: string): void {
    this.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  /** Records the start of a pass and returns its id. */
  beginPass(strategy: string, plannedMs: number, repeat = 0): number {
    const info = this.db
      .prepare("INSERT INTO passes (strategy, repeat, started_at, planned_ms, status) VALUES (?, ?, ?, ?, 'running')")
      .run(strategy, repeat, new Date().toISOString(), plannedMs);
    return Number(info.lastInsertRowid);
  }

  /** Records how a pass ended. */
  endPass(passId: number, endMs: number, status: "complete" | "aborted" | "interrupted", abortReason: string | null = null): void {
    this.flush();
    this.db.prepare("UPDATE passes SET end_ms = ?, status = ?, abort_reason = ? WHERE id = ?").run(endMs, status, abortReason, passId);
  }

  /** Records the nodes of a pass. */
  recordNodes(passId: number, nodes: readonly NodeRecord[]): void {
    const stmt = this.db.prepare("INSERT OR REPLACE INTO nodes (pass_id, name, profile, cloud, region, url, cost_per_hour, cost_per_1k_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const n of nodes) stmt.run(passId, n.name, n.profile ?? null, n.cloud ?? null, n.region ?? null, n.url ?? null, n.costPerHour ?? null, n.costPer1kTokens ?? null);
  }

  /** Records a planned attack and returns its row id. Attacks are rare, so they are written at once. */
  planAttack(a: AttackRecord): number {
    const info = this.db
      .prepare("INSERT INTO attacks (pass_id, strategy, attack_id, target, fault, params, planned_ms, end_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(a.passId, a.strategy, a.attackId, a.target, a.fault, JSON.stringify(a.params), a.plannedMs, a.endMs);
    return Number(info.lastInsertRowid);
  }

  /** Marks an attack as injected at `startMs`, or failed with `error`. */
  attackStarted(rowId: number, startMs: number | null, error: string | null = null): void {
    this.db.prepare("UPDATE attacks SET start_ms = ?, error = ? WHERE id = ?").run(startMs, error, rowId);
  }

  /** Marks an attack's fault as reverted, and whether the node confirmed it. */
  attackReverted(rowId: number, revertedMs: number | null, verified: boolean, error: string | null = null): void {
    this.db.prepare("UPDATE attacks SET reverted_ms = ?, verified = ?, error = COALESCE(?, error) WHERE id = ?").run(revertedMs, verified ? 1 : 0, error, rowId);
  }

  /** Flushes, indexes and closes the file. `complete` is stored in meta for the report. */
  close(complete: boolean): void {
    if (this.closed) return;
    this.flush();
    clearInterval(this.timer);
    this.setMeta("complete", complete ? "1" : "0");
    this.db.exec(INDEX_SQL);
    this.db.pragma("wal_checkpoint(TRUNCATE)");
    this.closed = true;
    this.db.close();
  }
}
