import { ms } from "../round.js";

/** One request of a conversation, as the session figures read it from events.db. */
export interface TurnRow {
  session: string;
  turn: number;
  turns: number;
  ok: 0 | 1;
  servedBy: string | null;
  startMs: number;
  firstByteMs: number | null;
  endMs: number;
  error: string | null;
}

/** The cold-cache penalty of a pass, and its mean per turn after a move. */
export interface ColdCache {
  /** Answered turns served by another endpoint than the conversation's previous answered turn. */
  moves: number;
  /** Mean extra TTFT of those moved turns over the warm median of their turn number; null without a warm match. */
  coldCachePenaltyMs: number | null;
  /** Consecutive turns from the move (the moved turn is the first) whose mean extra stays above the cold share. */
  coldCacheTurns: number | null;
  /** Per turn after a move (0 = the moved turn): how many were measured, their mean extra and warm TTFT. */
  afterMove: Array<{ after: number; turns: number; extraMs: number | null; warmMs: number | null }>;
}

type Annotated = { turn: number; ttft: number; stay: boolean; after: number | null };

/** Each answered turn with its TTFT, whether it stayed where the previous turn was answered, and turns since a move. */
function annotate(list: readonly TurnRow[]): Annotated[] {
  const out: Annotated[] = [];
  let prev: TurnRow | null = null;
  let after: number | null = null;
  for (const r of list) {
    if (r.ok !== 1 || r.firstByteMs === null) continue;
    const stay = prev !== null && r.servedBy === prev.servedBy;
    if (prev !== null && !stay) after = 0;
    else if (after !== null) after++;
    out.push({ turn: r.turn, ttft: r.firstByteMs - r.startMs, stay, after });
    prev = r;
  }
  return out;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The cold-cache penalty (docs/analytics.md, `coldCachePenalty`, `coldCacheTurns`): the TTFT of each turn after a
 * move against the median TTFT of the same turn number where the conversation stayed on its endpoint. The turn
 * number carries the history's length, so a long conversation's turn is compared with turns of the same length.
 */
export function coldCachePenalty(
  bySession: ReadonlyMap<string, readonly TurnRow[]>,
  o: { coldShare: number; maxTurnsFollowed: number }
): ColdCache {
  const turns = [...bySession.values()].flatMap(annotate);
  const stayed = new Map<number, number[]>();
  for (const t of turns) if (t.stay) (stayed.get(t.turn) ?? stayed.set(t.turn, []).get(t.turn)!).push(t.ttft);
  const warm = new Map([...stayed].map(([turn, xs]) => [turn, median(xs)]));
  const per = Array.from({ length: o.maxTurnsFollowed }, () => ({ n: 0, extra: 0, warm: 0 }));
  for (const t of turns) {
    const w = warm.get(t.turn);
    if (t.after === null || t.after >= o.maxTurnsFollowed || w === undefined) continue;
    const p = per[t.after]!;
    p.n++;
    p.extra += t.ttft - w;
    p.warm += w;
  }
  const afterMove = per
    .map((p, after) => ({
      after,
      turns: p.n,
      extraMs: p.n ? ms(p.extra / p.n) : null,
      warmMs: p.n ? ms(p.warm / p.n) : null,
    }))
    .filter((p, i) => p.turns > 0 || i === 0);
  let coldTurns = 0;
  for (const p of afterMove) {
    if (p.extraMs === null || p.warmMs === null || p.extraMs <= o.coldShare * p.warmMs) break;
    coldTurns++;
  }
  const first = afterMove[0]!;
  return {
    moves: turns.filter((t) => t.after === 0).length,
    coldCachePenaltyMs: first.extraMs,
    coldCacheTurns: first.extraMs === null ? null : coldTurns,
    afterMove,
  };
}
