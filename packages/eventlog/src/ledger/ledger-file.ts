import Database from "better-sqlite3";
import type { RoutingDecision } from "@faultline/contracts";
import { LEDGER_COLUMNS, LEDGER_SQL, LedgerChain, type LedgerRow } from "./chain.js";
import { chainTail } from "./read-ledger.js";

/** What meta `kind` says in a ledger file of its own (a gateway's). */
export const LEDGER_FILE_KIND = "faultline-ledger";

/**
 * A gateway's routing ledger, in a SQLite file of its own. Decisions are queued as they are made and sealed into the
 * hash chain in batches, off the request path: canonical JSON and SHA-256 cost a few microseconds a record, which the
 * caller should not wait for. A file that already holds a chain is continued, not restarted.
 */
export class LedgerFile {
  private readonly db: Database.Database;
  private readonly chain: LedgerChain;
  private readonly pending: RoutingDecision[] = [];
  private readonly writeBatch: (rows: LedgerRow[]) => void;
  private readonly timer: NodeJS.Timeout;
  /** Records sealed and written so far. */
  written = 0;
  /** Records dropped after a write failed (the disk filled, the file went away); the ledger stops at the failure. */
  dropped = 0;
  private failure: Error | null = null;

  /**
   * `onWriteFailure` is told once when a write fails: the gateway keeps serving (a caller must not lose an answer to
   * the audit trail's disk) and the ledger ends there, its chain intact up to the last record written.
   */
  constructor(
    path: string,
    private readonly onWriteFailure: (err: Error) => void = () => {},
    flushIntervalMs = 100
  ) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);${LEDGER_SQL}`);
    this.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('kind', ?)").run(LEDGER_FILE_KIND);
    const tail = chainTail(this.db);
    this.chain = new LedgerChain(tail.seq, tail.hash);
    const insert = this.db.prepare(
      `INSERT INTO ledger (${LEDGER_COLUMNS.join(",")}) VALUES (${LEDGER_COLUMNS.map((c) => `@${c}`).join(",")})`
    );
    const head = this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('ledger_head', ?)");
    this.writeBatch = this.db.transaction((rows: LedgerRow[]) => {
      for (const r of rows) insert.run(r);
      head.run(this.chain.headMark);
    });
    this.timer = setInterval(() => this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  /** Queues one decision; it is sealed and written at the next flush. */
  append(d: RoutingDecision): void {
    if (this.failure) {
      this.dropped++;
      return;
    }
    this.pending.push(d);
    if (this.pending.length >= 1024) this.flush();
  }

  /** Seals and writes every queued decision. */
  flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending.map((d) => this.chain.seal(null, d));
    this.pending.length = 0;
    try {
      this.writeBatch(rows);
      this.written += rows.length;
    } catch (err) {
      this.failure = err as Error;
      this.dropped += rows.length;
      clearInterval(this.timer);
      this.onWriteFailure(this.failure);
    }
  }

  /** Writes what is queued and closes the file. */
  close(): void {
    clearInterval(this.timer);
    if (!this.failure) this.flush();
    this.db.close();
  }
}
