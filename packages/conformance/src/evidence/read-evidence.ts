import { concatDigests, type TextDigest } from "@faultline/core";
import { openEventLogForRead } from "@faultline/eventlog";
import type { AttackRow, AttemptRow, CaseEvidence, RequestTrace, TextMatch } from "./case-evidence.js";

interface RequestRow {
  requestId: string;
  startMs: number;
  endMs: number;
  ok: number;
  status: number | null;
  errorClass: string | null;
  error: string | null;
  stream: number;
  completionTokens: number;
  textHash: number | null;
  textChars: number | null;
}

/**
 * Reads a case's single pass from its events.db: every request with the
 * attempts the nodes logged for it (joined on the request id the load
 * generator sends in x-request-id and the body's `user`), and the attacks.
 */
export function readEvidence(dbPath: string, deadlineMs: number): CaseEvidence {
  const db = openEventLogForRead(dbPath);
  try {
    const pass = db
      .prepare("SELECT id, COALESCE(end_ms, planned_ms) AS endMs FROM passes ORDER BY id LIMIT 1")
      .get() as { id: number; endMs: number } | undefined;
    if (!pass) return { requests: [], attacks: [], deadlineMs, passEndMs: 0, nodeLog: false };
    const attempts = new Map<string, AttemptRow[]>();
    const attemptRows = db
      .prepare(
        `SELECT request_id AS requestId, node, arrived_ms AS arrivedMs, first_byte_ms AS firstByteMs, end_ms AS endMs,
                status, outcome, completion_tokens AS completionTokens, text_hash AS textHash, text_chars AS textChars
         FROM node_attempts WHERE pass_id = ? ORDER BY arrived_ms`
      )
      .all(pass.id) as Array<AttemptRow & { requestId: string }>;
    for (const { requestId, ...a } of attemptRows) {
      const list = attempts.get(requestId) ?? [];
      list.push(a);
      attempts.set(requestId, list);
    }
    const rows = db
      .prepare(
        `SELECT request_id AS requestId, start_ms AS startMs, end_ms AS endMs, ok, status, error_class AS errorClass,
                error, stream, completion_tokens AS completionTokens, text_hash AS textHash, text_chars AS textChars
         FROM requests WHERE pass_id = ? ORDER BY start_ms`
      )
      .all(pass.id) as RequestRow[];
    const requests: RequestTrace[] = rows.map((r) => {
      const seen = attempts.get(r.requestId) ?? [];
      return {
        requestId: r.requestId,
        startMs: r.startMs,
        endMs: r.endMs,
        ok: r.ok === 1,
        status: r.status,
        errorClass: r.errorClass,
        error: r.error,
        stream: r.stream === 1,
        completionTokens: r.completionTokens,
        attempts: seen,
        // No attempt logged (an external node keeps no log that reaches the run): nothing to compare with.
        text: r.ok === 1 && seen.length > 0 ? textMatch(r, seen) : null,
      };
    });
    const attacks = db
      .prepare(
        `SELECT attack_id AS attackId, target, fault, planned_ms AS plannedMs, start_ms AS startMs, end_ms AS endMs,
                reverted_ms AS revertedMs
         FROM attacks WHERE pass_id = ? ORDER BY planned_ms`
      )
      .all(pass.id) as AttackRow[];
    return { requests, attacks, deadlineMs, passEndMs: pass.endMs, nodeLog: attemptRows.length > 0 };
  } finally {
    db.close();
  }
}

/**
 * The caller's text against the nodes': the serving attempt's text, or a clean
 * splice of an earlier cut attempt and it (the analytics' text check, per request).
 */
function textMatch(r: RequestRow, seen: readonly AttemptRow[]): TextMatch {
  if (r.textHash === null || r.textChars === null) return null;
  const received: TextDigest = { hash: r.textHash, chars: r.textChars };
  const served = [...seen].reverse().find((a) => a.status === 200 && a.outcome === "complete" && a.textHash !== null);
  if (!served) return "mismatch";
  const servedText: TextDigest = { hash: served.textHash!, chars: served.textChars! };
  if (same(received, servedText)) return "match";
  const parts = seen.filter((a) => a !== served && a.textHash !== null && a.outcome !== "complete");
  return parts.some((p) => same(concatDigests({ hash: p.textHash!, chars: p.textChars! }, servedText), received))
    ? "splice"
    : "mismatch";
}

function same(a: TextDigest, b: TextDigest): boolean {
  return a.hash === b.hash && a.chars === b.chars;
}
