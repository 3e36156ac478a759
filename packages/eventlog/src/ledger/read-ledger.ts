import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { FaultlineError } from "@faultline/core";
import { LEDGER_GENESIS_HASH } from "@faultline/contracts";
import { EventLogErrorCodes } from "../errors.js";
import { linkHash, type LedgerRow } from "./chain.js";

/** The last seq and hash of a chain (0 and the genesis hash when empty). */
export function chainTail(db: Database.Database): { seq: number; hash: string } {
  const last = db.prepare("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1").get() as
    { seq: number; hash: string } | undefined;
  return last ?? { seq: 0, hash: LEDGER_GENESIS_HASH };
}

const notALedger = (path: string, why: string): FaultlineError =>
  new FaultlineError(
    EventLogErrorCodes.LEDGER_UNREADABLE,
    `${path}: ${why}; give a run folder, its events.db, or a gateway's --ledger file`,
    { field: "ledger" }
  );

/**
 * Opens a routing ledger read-only: a run folder (its events.db), an events.db, or a gateway's ledger file. Anything
 * else (no such file, not SQLite, no ledger table) is a FAULTLINE_LEDGER_UNREADABLE error that says which.
 */
export function openLedger(path: string): Database.Database {
  if (!existsSync(path)) throw notALedger(path, "no such file or folder");
  const file = statSync(path).isDirectory() ? join(path, "events.db") : path;
  if (!existsSync(file)) throw notALedger(path, "the folder holds no events.db");
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger'").get();
    if (table === undefined) {
      db.close();
      throw notALedger(file, "holds no routing ledger (no ledger table; runs before events.db schema 3 have none)");
    }
  } catch (err) {
    if (err instanceof FaultlineError) throw err;
    throw notALedger(file, `is not a SQLite file (${(err as Error).message})`);
  }
  return db;
}

/** The outcome of checking a chain. */
export interface LedgerVerdict {
  /** Records checked. */
  records: number;
  ok: boolean;
  /** The first record that breaks the chain, and how; absent when the chain holds. */
  firstBad?: { seq: number; requestId: string | null; attempt: number | null; problem: string };
}

/**
 * Walks the chain in seq order and stops at the first record that does not hold: a gap in seq (a record removed), a
 * link to anything but the previous record's hash (removed or reordered), a hash that does not match the record's
 * content (edited), or columns that differ from the sealed content. A cut-off tail is found against meta `ledger_head`.
 */
export function verifyLedger(db: Database.Database): LedgerVerdict {
  let prev = LEDGER_GENESIS_HASH;
  let expected = 1;
  let records = 0;
  const rows = db.prepare("SELECT * FROM ledger ORDER BY seq").iterate() as IterableIterator<LedgerRow>;
  for (const r of rows) {
    records++;
    const bad = (problem: string): LedgerVerdict => ({
      records,
      ok: false,
      firstBad: { seq: r.seq, requestId: r.request_id, attempt: r.attempt, problem },
    });
    if (r.seq !== expected) return bad(`expected record ${expected} here, found ${r.seq}: a record was removed`);
    if (r.prev_hash !== prev)
      return bad("links to a hash other than the previous record's: a record before it was removed or reordered");
    if (linkHash(r.prev_hash, r.record) !== r.hash) return bad("its hash does not match its content: it was edited");
    const sealed = parseRecord(r.record);
    if (
      sealed === null ||
      sealed.seq !== r.seq ||
      sealed.passId !== r.pass_id ||
      sealed.requestId !== r.request_id ||
      sealed.attempt !== r.attempt ||
      sealed.tMs !== r.t_ms
    )
      return bad("its columns differ from the content it was sealed with: they were edited");
    prev = r.hash;
    expected++;
  }
  const head = headOf(db);
  if (head !== null && (head.seq !== expected - 1 || head.hash !== prev)) {
    return {
      records,
      ok: false,
      firstBad: {
        seq: expected,
        requestId: null,
        attempt: null,
        problem:
          `missing: the ledger's head is record ${head.seq}, ` +
          `the table ends at ${expected - 1} (the tail was cut off)`,
      },
    };
  }
  return { records, ok: true };
}

function parseRecord(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function headOf(db: Database.Database): { seq: number; hash: string } | null {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (hasMeta === undefined) return null;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'ledger_head'").get() as { value: string } | undefined;
  if (!row) return null;
  const [seq, hash] = row.value.split(":");
  return { seq: Number(seq), hash: hash ?? "" };
}

/**
 * Every record as one JSON line, in chain order: `{"hash", "prevHash", "record"}`, the record exactly as sealed, so a
 * line can be checked elsewhere (SHA-256 of prevHash followed by the record's canonical JSON is the hash).
 */
export function* ledgerJsonLines(db: Database.Database): Generator<string> {
  const rows = db.prepare("SELECT record, prev_hash, hash FROM ledger ORDER BY seq").iterate() as IterableIterator<
    Pick<LedgerRow, "record" | "prev_hash" | "hash">
  >;
  for (const r of rows) yield `{"hash":"${r.hash}","prevHash":"${r.prev_hash}","record":${r.record}}`;
}
