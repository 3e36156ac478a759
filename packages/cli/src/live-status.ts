import { formatEndpoints, formatProgressLine, RUNNER_DEFAULTS, type ProgressSnapshot } from "@faultline/runner";

/**
 * Live progress on stderr. On a terminal it is one panel redrawn in place;
 * elsewhere (CI, pipes) one plain line every few seconds.
 */
export function liveStatus(stream: NodeJS.WriteStream = process.stderr): {
  update: (s: ProgressSnapshot) => void;
  done: () => void;
} {
  let lastLine = 0;
  let lastStrategy = "";
  let drawnLines = 0;
  if (!stream.isTTY) {
    return {
      update: (s) => {
        if (s.strategy !== lastStrategy) {
          lastStrategy = s.strategy;
          lastLine = 0;
        }
        if (s.elapsedMs - lastLine < RUNNER_DEFAULTS.progressIntervalMs && lastLine !== 0) return;
        lastLine = s.elapsedMs || 1;
        stream.write(formatProgressLine(s) + "\n");
      },
      done: () => {},
    };
  }
  return {
    update: (s) => {
      const pct = s.successRate === null ? "n/a" : `${(s.successRate * 100).toFixed(2)}%`;
      const remainingS = Math.max(0, (s.durationMs - s.elapsedMs) / 1000);
      const p99 = s.p99Ms === null ? "n/a" : `${s.p99Ms.toFixed(0)} ms`;
      const lines = [
        `faultline  strategy ${s.strategy}`,
        `  elapsed ${(s.elapsedMs / 1000).toFixed(1)}s   remaining ${remainingS.toFixed(1)}s`,
        `  rate ${s.rate.toFixed(0)} req/s   success (last 5s) ${pct}   p99 so far ${p99}   in flight ${s.inFlight}`,
        `  served by ${s.servedBy ?? "-"}   endpoints (health/breaker): ${formatEndpoints(s)}`,
        `  active attacks: ${s.activeAttacks.join(", ") || "none"}`,
      ];
      if (drawnLines > 0) stream.write(`\x1b[${drawnLines}A`);
      stream.write(lines.map((l) => `\x1b[2K${l}`).join("\n") + "\n");
      drawnLines = lines.length;
    },
    done: () => {
      drawnLines = 0;
    },
  };
}
