import Database from "better-sqlite3";
import type { EventsDbMetaKey } from "@faultline/contracts";
import { INDEX_SQL, SCHEMA_SQL, SCHEMA_VERSION } from "./schema.js";
import { COLUMNS, type BatchedTable, type RowOf } from "./rows.js";
import { EVENT_LOG_DEFAULTS } from "./defaults.js";
import { DiskReserve } from "./disk-reserve.js";
import { WriteGuard } from "./write-guard.js";
import type { FaultlineError } from "@faultline/core";
import type { RoutingDecision } from "@faultline/contracts";
import { LEDGER_COLUMNS, LedgerChain, type LedgerRow } from "./ledger/chain.js";
import { chainTail } from "./ledger/read-ledger.js";
import { WalCheckpointer } from "./checkpointer.js";

/** Ledger records sealed per turn of the event loop (~0.4 ms of work at ~12 µs each). */
const LEDGER_SEAL_SLICE = 32;

/** Options of the writer; see EVENT_LOG_DEFAULTS. */
export interface EventLogOptions {
  batchSize?: number;
  flushIntervalMs?: number;
  /** Bytes held in reserve beside the file, freed to record the run's end when the disk fills. */
  reserveBytes?: number;
  /** How often a worker thread checkpoints the WAL; 0 leaves it to SQLite, inside this thread's commits. */
  checkpointIntervalMs?: number;
  /**
   * Called once, with a FAULTLINE_LOG_WRITE_FAILED error, when a write fails for want of disk; later writes are
   * dropped.
   */
  onWriteFailure?: (err: FaultlineError) => void;
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
  /** Residency tags the node runs under; empty or absent when none. */
  jurisdiction?: readonly string[];
  /** Degradation tier of its answers; null when not given. */
  tier?: string | null;
  /** Quality weight of its answers, 0..1; null when not given. */
  quality?: number | null;
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
  private readonly buffers: { [T in BatchedTable]: unknown[][] } = {
    requests: [],
    routing_events: [],
    node_events: [],
    node_attempts: [],
    samples: [],
  };
  private readonly inserts: { [T in BatchedTable]: Database.Statement };
  private readonly flushAll: () => void;
  /** Routing decisions waiting to be sealed into the ledger's hash chain (off the request path). */
  private readonly decisions: Array<[number, RoutingDecision]> = [];
  /** Sealed ledger rows waiting for the next batch commit. */
  private readonly sealed: LedgerRow[] = [];
  private sealScheduled = false;
  /**
   * Seals queued decisions a slice at a time between other work. Sealed all at once at the batch
   * commit (~12 µs a record: canonical JSON and SHA-256), a batch held the runner's thread for
   * milliseconds and the load generator's sends waited behind it (docs/BENCHMARKS.md, e2e capacity).
   */
  private readonly sealSome = (): void => {
    this.sealScheduled = false;
    const n = Math.min(this.decisions.length, LEDGER_SEAL_SLICE);
    for (let i = 0; i < n; i++) {
      const [passId, d] = this.decisions[i]!;
      this.sealed.push(this.chain.seal(passId, d));
    }
    this.decisions.splice(0, n);
    if (this.decisions.length > 0) this.scheduleSealing();
  };
  private readonly chain: LedgerChain;
  private buffered = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private checkpointer: WalCheckpointer | null = null;
  private readonly reserve: DiskReserve;
  private readonly guard: WriteGuard;
  /** Rows committed so far, all tables. */
  rowsWritten = 0;
  /** The largest number of rows ever held in memory at once. */
  maxBuffered = 0;

  constructor(path: string, options: EventLogOptions = {}) {
    this.batchSize = options.batchSize ?? EVENT_LOG_DEFAULTS.batchSize;
    // The reserve first: a disk too full for it is too full for the run, and fails here, before anything starts.
    this.reserve = new DiskReserve(`${path}-reserve`, options.reserveBytes ?? EVENT_LOG_DEFAULTS.reserveBytes);
    this.guard = new WriteGuard(path, (err) => {
      this.reserve.release();
      this.dropBuffers();
      options.onWriteFailure?.(err);
    });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    // Checkpoints run on a worker thread (checkpointer-worker.ts), not inside this thread's commits.
    const checkpointMs = options.checkpointIntervalMs ?? EVENT_LOG_DEFAULTS.checkpointIntervalMs;
    if (checkpointMs > 0) {
      this.db.pragma("wal_autocheckpoint = 0");
      this.checkpointer = new WalCheckpointer(path, checkpointMs);
    }
    this.db.exec(SCHEMA_SQL);
    this.setMeta("schema_version", String(SCHEMA_VERSION));
    const insert = (t: BatchedTable) =>
      this.db.prepare(`INSERT INTO ${t} (${COLUMNS[t].join(",")}) VALUES (${COLUMNS[t].map(() => "?").join(",")})`);
    this.inserts = {
      requests: insert("requests"),
      routing_events: insert("routing_events"),
      node_events: insert("node_events"),
      node_attempts: insert("node_attempts"),
      samples: insert("samples"),
    };
    const tail = chainTail(this.db);
    this.chain = new LedgerChain(tail.seq, tail.hash);
    const insertLedger = this.db.prepare(
      `INSERT INTO ledger (${LEDGER_COLUMNS.join(",")}) VALUES (${LEDGER_COLUMNS.map((c) => `@${c}`).join(",")})`
    );
    const ledgerHead = this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('ledger_head', ?)");
    this.flushAll = this.db.transaction(() => {
      for (const [passId, d] of this.decisions) this.sealed.push(this.chain.seal(passId, d));
      this.decisions.length = 0;
      if (this.sealed.length > 0) {
        for (const row of this.sealed) insertLedger.run(row);
        this.sealed.length = 0;
        ledgerHead.run(this.chain.headMark);
      }
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

  /** The disk failure that stopped the writes, or null. */
  get writeFailure(): FaultlineError | null {
    return this.guard.failure;
  }

  /** Rows and records not written because the disk had failed. */
  get rowsDropped(): number {
    return this.guard.dropped;
  }

  private dropBuffers(): void {
    for (const rows of Object.values(this.buffers)) rows.length = 0;
    this.decisions.length = 0;
    this.sealed.length = 0;
    this.guard.dropped += this.buffered;
    this.buffered = 0;
  }

  /** Queues one row; commits the batch when it is full. */
  append<T extends BatchedTable>(table: T, row: RowOf[T]): void {
    if (this.closed) return;
    if (this.guard.failure) {
      this.guard.dropped++;
      return;
    }
    const cols = COLUMNS[table];
    const values = new Array(cols.length);
    const r = row as unknown as Record<string, unknown>;
    for (let i = 0; i < cols.length; i++) values[i] = r[cols[i]!] ?? null;
    this.buffers[table].push(values);
    if (++this.buffered > this.maxBuffered) this.maxBuffered = this.buffered;
    if (this.buffered >= this.batchSize) this.flush();
  }

  /** Queues one routing decision for the ledger; it is sealed into the hash chain when the batch is committed. */
  appendDecision(passId: number, d: RoutingDecision): void {
    if (this.closed) return;
    if (this.guard.failure) {
      this.guard.dropped++;
      return;
    }
    this.decisions.push([passId, d]);
    this.scheduleSealing();
    if (++this.buffered > this.maxBuffered) this.maxBuffered = this.buffered;
    if (this.buffered >= this.batchSize) this.flush();
  }

  private scheduleSealing(): void {
    if (this.sealScheduled) return;
    this.sealScheduled = true;
    setImmediate(this.sealSome);
  }

  /** Commits every queued row now. */
  flush(): void {
    if (this.buffered === 0 || this.closed) return;
    if (this.guard.write(this.flushAll) === undefined && this.guard.failure) return;
    this.rowsWritten += this.buffered;
    this.buffered = 0;
  }

  /** Sets a run-level metadata value; the keys are the contracts' meta-key table. */
  setMeta(key: EventsDbMetaKey, value: string): void {
    this.guard.final(() =>
      this.db
        .prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .run(key, value)
    );
  }

  /** Records the start of a pass and returns its id. */
  beginPass(strategy: string, plannedMs: number, repeat = 0): number {
    const info = this.guard.write(() =>
      this.db
        .prepare("INSERT INTO passes (strategy, repeat, started_at, planned_ms, status) VALUES (?, ?, ?, ?, 'running')")
        .run(strategy, repeat, new Date().toISOString(), plannedMs)
    );
    return Number(info?.lastInsertRowid ?? 0);
  }

  /** Records how a pass ended. */
  endPass(
    passId: number,
    endMs: number,
    status: "complete" | "aborted" | "interrupted",
    abortReason: string | null = null
  ): void {
    this.flush();
    this.guard.final(() =>
      this.db
        .prepare("UPDATE passes SET end_ms = ?, status = ?, abort_reason = ? WHERE id = ?")
        .run(endMs, status, abortReason, passId)
    );
  }

  /** Records the nodes of a pass. */
  recordNodes(passId: number, nodes: readonly NodeRecord[]): void {
    const stmt = this.db.prepare(
      "INSERT OR REPLACE INTO nodes (pass_id, name, profile, cloud, region, url, cost_per_hour, " +
        "cost_per_1k_tokens, jurisdiction, tier, quality) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    );
    for (const n of nodes)
      this.guard.write(() =>
        stmt.run(
          passId,
          n.name,
          n.profile ?? null,
          n.cloud ?? null,
          n.region ?? null,
          n.url ?? null,
          n.costPerHour ?? null,
          n.costPer1kTokens ?? null,
          n.jurisdiction?.length ? n.jurisdiction.join(",") : null,
          n.tier ?? null,
          n.quality ?? null
        )
      );
  }

  /** Records a planned attack and returns its row id. Attacks are rare, so they are written at once. */
  planAttack(a: AttackRecord): number {
    const info = this.guard.write(() =>
      this.db
        .prepare(
          "INSERT INTO attacks (pass_id, strategy, attack_id, target, fault, params, planned_ms, " +
            "end_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        .run(a.passId, a.strategy, a.attackId, a.target, a.fault, JSON.stringify(a.params), a.plannedMs, a.endMs)
    );
    return Number(info?.lastInsertRowid ?? 0);
  }

  /** Marks an attack as injected at `startMs`, or failed with `error`. */
  attackStarted(rowId: number, startMs: number | null, error: string | null = null): void {
    this.guard.write(() =>
      this.db.prepare("UPDATE attacks SET start_ms = ?, error = ? WHERE id = ?").run(startMs, error, rowId)
    );
  }

  /** Marks an attack's fault as reverted, and whether the node confirmed it. */
  attackReverted(rowId: number, revertedMs: number | null, verified: boolean, error: string | null = null): void {
    this.guard.final(() =>
      this.db
        .prepare("UPDATE attacks SET reverted_ms = ?, verified = ?, error = COALESCE(?, error) WHERE id = ?")
        .run(revertedMs, verified ? 1 : 0, error, rowId)
    );
  }

  /** Flushes, indexes and closes the file. `complete` is stored in meta for the report. */
  close(complete: boolean): void {
    if (this.closed) return;
    this.flush();
    clearInterval(this.timer);
    this.checkpointer?.stop();
    this.setMeta("complete", complete ? "1" : "0");
    // On a failed disk these may not fit; the rows stay readable in the WAL, and readers build the indexes.
    this.guard.final(() => this.db.exec(INDEX_SQL));
    this.guard.final(() => this.db.pragma("wal_checkpoint(TRUNCATE)"));
    this.closed = true;
    this.db.close();
    this.reserve.release();
  }
}
