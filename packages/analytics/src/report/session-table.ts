import type { Summary } from "../types.js";

const msOrNa = (x: number | null) => (x === null ? "n/a" : `${Math.round(x)} ms`);

/**
 * Conversations per system side by side: how they ended, what was lost and asked again, and the cold-cache penalty
 * with the extra TTFT of each turn after a move. Null when no pass had a conversation.
 */
export function sessionRows(s: Summary): string[][] | null {
  const passes = s.passes.filter((p) => p.sessions !== null);
  if (passes.length === 0) return null;
  return [
    [
      "system",
      "sessions",
      "completed",
      "broken (at turn)",
      "outgrew the window",
      "unfinished",
      "turns lost",
      "asked again",
      "history lost",
      "RPO (turns, time)",
      "moved turns",
      "cold-cache penalty",
      "lasts (turns)",
      "extra TTFT by turn after a move",
    ],
    ...passes.map((p) => {
      const x = p.sessions!;
      const at = x.broken.map((b) => b.turn);
      return [
        p.strategy,
        String(x.sessions),
        String(x.completed),
        x.brokenCount === 0 ? "0" : `${x.brokenCount} (${summariseTurns(at)})`,
        String(x.outgrewWindow),
        String(x.unfinished),
        String(x.turnsLost),
        String(x.turnsAskedAgain),
        String(x.lostHistories.length),
        `${x.rpoTurns} turns, ${(x.rpoMs / 1000).toFixed(1)} s`,
        String(x.moves),
        msOrNa(x.coldCachePenaltyMs),
        x.coldCacheTurns === null ? "n/a" : String(x.coldCacheTurns),
        x.afterMove
          .filter((a) => a.extraMs !== null)
          .map((a) => `+${a.after}: ${Math.round(a.extraMs!)} ms`)
          .join(", ") || "n/a",
      ];
    }),
  ];
}

/** Turns at which sessions broke, as `3 x5, 4 x2` (turn x sessions), in turn order. */
function summariseTurns(turns: number[]): string {
  const counts = new Map<number, number>();
  for (const t of turns) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([t, n]) => (n === 1 ? `turn ${t}` : `turn ${t} x${n}`))
    .join(", ");
}

/** The sentence under the conversation table. */
export const SESSION_NOTE =
  "A conversation is broken when its last request failed (a failed turn is asked again once), unfinished when the " +
  "pass ended first; one that outgrew the window ended when a node answered context_length_exceeded. A moved turn " +
  "went to another endpoint than the conversation's previous answer, whose prefix cache does not hold its history; " +
  "its extra TTFT is against the median TTFT of the same turn number where conversations stayed put (+0 is the " +
  "moved turn, +1 the next). The penalty lasts while that extra is above 20% of the warm TTFT. History lost: " +
  "conversations whose last turn was refused with previous_response_not_found (the server that stored them lost " +
  "them, and no transcript replayed them); the RPO is the most one of them lost, in answered turns and in time " +
  "from its first turn to the refusal.";
