import type Database from "better-sqlite3";
import { concatDigests, type TextDigest } from "@faultline/core";

/** How the text each caller received compares with what the nodes generated. */
export interface TextCheck {
  /** Successful requests whose text the load generator digested (black-box systems). */
  checked: number;
  /** Identical to the text of the attempt that served it. */
  matching: number;
  /**
   * A clean splice: an earlier attempt's text (cut mid-answer), then the serving attempt's, nothing lost or repeated.
   */
  spliced: number;
  /** Anything else: duplicated, dropped, reordered or garbled text. */
  mismatched: number;
}

/**
 * Checks every judged answer's text against the nodes' attempts, by digest
 * (textDigest in @faultline/core: the digest of a splice follows from its
 * parts). Null when no answer of the pass was digested (faultline's own
 * strategies hand the load generator no text; their stream contract is tested
 * in the client).
 */
export function textCheckOf(db: Database.Database, passId: number): TextCheck | null {
  // The serving attempt is the last complete 200 of the request (as in black-box-rows.ts), looked up once per request.
  const judged = db
    .prepare(
      `SELECT r.request_id AS id, r.text_hash AS hash, r.text_chars AS chars,
              a.text_hash AS servedHash, a.text_chars AS servedChars
       FROM requests r
       LEFT JOIN node_attempts a ON a.rowid = (
         SELECT b.rowid FROM node_attempts b
         WHERE b.pass_id = r.pass_id AND b.request_id = r.request_id AND b.status = 200 AND b.outcome = 'complete'
         ORDER BY b.end_ms DESC LIMIT 1)
       WHERE r.pass_id = ? AND r.ok = 1 AND r.text_hash IS NOT NULL`
    )
    .all(passId) as Array<{
    id: string;
    hash: number;
    chars: number;
    servedHash: number | null;
    servedChars: number | null;
  }>;
  if (judged.length === 0) return null;
  const earlier = db.prepare(
    "SELECT text_hash AS hash, text_chars AS chars FROM node_attempts WHERE pass_id = ? AND " +
      "request_id = ? AND text_hash IS NOT NULL AND outcome <> 'complete'"
  );
  const out: TextCheck = { checked: judged.length, matching: 0, spliced: 0, mismatched: 0 };
  for (const r of judged) {
    const received: TextDigest = { hash: r.hash, chars: r.chars };
    if (r.servedHash === null || r.servedChars === null) {
      out.mismatched++;
      continue;
    }
    const served: TextDigest = { hash: r.servedHash, chars: r.servedChars };
    if (same(received, served)) {
      out.matching++;
      continue;
    }
    const parts = earlier.all(passId, r.id) as TextDigest[];
    if (parts.some((p) => same(concatDigests(p, served), received))) out.spliced++;
    else out.mismatched++;
  }
  return out;
}

function same(a: TextDigest, b: TextDigest): boolean {
  return a.hash === b.hash && a.chars === b.chars;
}
