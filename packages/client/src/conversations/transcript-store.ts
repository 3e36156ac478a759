import Database from "better-sqlite3";
import { FaultlineError } from "@faultline/core";
import { ClientErrorCodes } from "../errors.js";

/** One stored conversation: the endpoint that holds it, and every message up to and including the last answer. */
export interface Transcript {
  /** The endpoint whose provider-owned state the response id names. */
  readonly owner: string;
  /** Input items as the caller sent them, then each answer as an assistant message. */
  readonly messages: readonly unknown[];
}

/** How many transcripts a store keeps, and how long. */
export interface TranscriptLimits {
  readonly maxTranscripts: number;
  readonly maxAgeMs: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS transcripts (
  response_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  messages TEXT NOT NULL,
  saved_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS transcripts_saved_at ON transcripts(saved_at);`;

/**
 * The transcripts of stored conversations, keyed by response id, in a SQLite file: a gateway that restarts still
 * holds them, so a conversation whose owner dies while the gateway is down can still be backed up. Bounded in count
 * (the oldest go first) and in age (wall-clock time, which a restart keeps).
 */
export class TranscriptStore {
  private readonly db: Database.Database;
  private readonly getRow: Database.Statement<[string, number], { owner: string; messages: string }>;
  private readonly putRow: Database.Statement<[string, string, string, number]>;
  private readonly dropOld: Database.Statement<[number]>;
  private readonly dropExtra: Database.Statement<[number]>;
  /** Transcripts held, kept in step by put: the count bound is enforced without a scan per put. */
  private held: number;
  /** When transcripts past their age were last dropped (they are dropped at most once a second). */
  private prunedAt = -Infinity;

  private constructor(
    db: Database.Database,
    private readonly limits: TranscriptLimits,
    private readonly now: () => number
  ) {
    this.db = db;
    this.getRow = db.prepare("SELECT owner, messages FROM transcripts WHERE response_id = ? AND saved_at >= ?");
    this.putRow = db.prepare(
      "INSERT OR REPLACE INTO transcripts (response_id, owner, messages, saved_at) VALUES (?, ?, ?, ?)"
    );
    this.dropOld = db.prepare("DELETE FROM transcripts WHERE saved_at < ?");
    this.dropExtra = db.prepare(
      "DELETE FROM transcripts WHERE response_id IN " +
        "(SELECT response_id FROM transcripts ORDER BY saved_at DESC, rowid DESC LIMIT -1 OFFSET ?)"
    );
    this.held = this.countRows();
  }

  /** Opens (or creates) the store at `path`; a path that cannot be a SQLite file is the caller's error, named. */
  static open(path: string, limits: TranscriptLimits, now: () => number = Date.now): TranscriptStore {
    let db: Database.Database | undefined;
    try {
      db = new Database(path);
      // WAL: a reader (a second gateway on the same file) never waits for a writer.
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.exec(SCHEMA);
      return new TranscriptStore(db, limits, now);
    } catch (err) {
      db?.close();
      throw new FaultlineError(
        ClientErrorCodes.CONVERSATION_STORE_UNUSABLE,
        `conversationStore: ${path} cannot be opened as a SQLite transcript store (${(err as Error).message}); ` +
          "name a writable file path, e.g. --conversations ./conversations.db",
        { field: "conversationStore" }
      );
    }
  }

  /** The transcript behind `responseId`, unless it is unknown or older than maxAgeMs. */
  get(responseId: string): Transcript | undefined {
    const row = this.getRow.get(responseId, this.now() - this.limits.maxAgeMs);
    return row ? { owner: row.owner, messages: JSON.parse(row.messages) as unknown[] } : undefined;
  }

  /**
   * Stores the transcript that ends with `responseId`'s answer, then drops what is over the limits. The scans that
   * drop run only when the count passes its bound (then down to 99 % of it) and at most once a second for age (get()
   * never returns one past it): a scan of 10,000 rows on every put took 0.8 ms a turn.
   */
  put(responseId: string, transcript: Transcript): void {
    const now = this.now();
    this.held += this.putRow.run(responseId, transcript.owner, JSON.stringify(transcript.messages), now).changes;
    if (now - this.prunedAt >= 1000) {
      this.prunedAt = now;
      this.held -= this.dropOld.run(now - this.limits.maxAgeMs).changes;
    }
    if (this.held > this.limits.maxTranscripts) {
      // Down to 99 % of the bound, so the scan runs once per hundredth of it, not on every put once full.
      this.dropExtra.run(this.limits.maxTranscripts - Math.floor(this.limits.maxTranscripts / 100));
      this.held = this.countRows();
    }
  }

  private countRows(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM transcripts").get() as { n: number }).n;
  }

  /** Transcripts held now. */
  count(): number {
    return this.held;
  }

  /** Closes the file. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
