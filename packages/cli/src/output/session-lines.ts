import type { Summary } from "@faultline/analytics";

/**
 * One line per pass with conversations, printed under the summary table: how they ended, and those whose history
 * outgrew a node's context window during the run (validate only knows the largest window, not which node a
 * conversation lands on), and the conversation RPO when a failover took conversations' history with it. Empty when
 * the run had no conversations.
 */
export function sessionLines(summary: Summary): string {
  const lines = summary.passes
    .filter((p) => p.sessions !== null)
    .map((p) => {
      const x = p.sessions!;
      const outgrew = x.outgrewWindow > 0 ? `, ${x.outgrewWindow} outgrew a node's context window` : "";
      const penalty =
        x.coldCachePenaltyMs === null
          ? ""
          : `; ${x.moves} moved turns, cold-cache penalty ${Math.round(x.coldCachePenaltyMs)} ms`;
      const rpo =
        x.lostHistories.length === 0
          ? ""
          : `; ${x.lostHistories.length} lost their history, RPO ${x.rpoTurns} turns, ` +
            `${(x.rpoMs / 1000).toFixed(1)} s`;
      return (
        `conversations ${p.strategy}: ${x.sessions} sessions, ${x.completed} completed, ${x.brokenCount} broken` +
        `${outgrew}, ${x.unfinished} unfinished${penalty}${rpo}`
      );
    });
  return lines.length ? `${lines.join("\n")}\n` : "";
}
