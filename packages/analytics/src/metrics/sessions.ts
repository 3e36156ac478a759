import type Database from "better-sqlite3";
import { ANALYTICS_DEFAULTS } from "../defaults.js";
import type { PassRow } from "../run-db.js";
import { ms } from "../round.js";
import type { SessionPass } from "../types.js";
import { hasColumn } from "./has-column.js";
import { coldCachePenalty, type TurnRow } from "./cold-cache.js";
import { conversationRpo } from "./conversation-rpo.js";

const ROWS_SQL = `
  SELECT session_id AS session, session_turn AS turn, session_turns AS turns, ok, served_by AS servedBy,
         start_ms AS startMs, first_byte_ms AS firstByteMs, end_ms AS endMs, error
  FROM requests WHERE pass_id = ? AND session_id IS NOT NULL
  ORDER BY session_id, start_ms`;

/**
 * The conversation figures of one pass, from its request rows (session_id, session_turn, session_turns); null when
 * the pass had no conversation. A session is completed when its last planned turn got an answer, broken when its
 * last request failed (the user asked again and it failed again, or its history outgrew the window), and
 * unfinished when the pass ended first.
 */
export function sessionsOf(db: Database.Database, pass: PassRow): SessionPass | null {
  if (!hasColumn(db, "requests", "session_id")) return null;
  const rows = db.prepare(ROWS_SQL).all(pass.id) as TurnRow[];
  if (rows.length === 0) return null;
  const bySession = new Map<string, TurnRow[]>();
  for (const r of rows) {
    const list = bySession.get(r.session);
    if (list) list.push(r);
    else bySession.set(r.session, [r]);
  }
  let completed = 0,
    turnsLost = 0,
    askedAgain = 0,
    outgrew = 0;
  const broken: SessionPass["broken"] = [];
  for (const [session, list] of bySession) {
    askedAgain += list.length - new Set(list.map((r) => r.turn)).size;
    const last = list[list.length - 1]!;
    if (list.some((r) => r.ok === 1 && r.turn === r.turns)) completed++;
    else if (last.ok === 0) {
      broken.push({ session, turn: last.turn, atMs: ms(last.endMs), servedBy: last.servedBy, error: last.error });
      turnsLost += last.turns - last.turn + 1;
      if (last.error?.includes("context_length_exceeded")) outgrew++;
    }
  }
  const penalty = coldCachePenalty(bySession, ANALYTICS_DEFAULTS.sessions);
  return {
    sessions: bySession.size,
    completed,
    brokenCount: broken.length,
    unfinished: bySession.size - completed - broken.length,
    outgrewWindow: outgrew,
    broken: broken.sort((a, b) => a.atMs - b.atMs),
    turnsLost,
    turnsAskedAgain: askedAgain,
    ...conversationRpo(bySession),
    ...penalty,
  };
}
