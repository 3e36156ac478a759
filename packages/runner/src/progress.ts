import type { LoadGenerator } from "./load-generator.js";
import type { AttackScheduler } from "./attack-scheduler.js";
import type { LoadTarget } from "./systems/load-target.js";

/** A snapshot of a pass for the live progress display. */
export interface ProgressSnapshot {
  strategy: string;
  elapsedMs: number;
  durationMs: number;
  sent: number;
  inFlight: number;
  rate: number;
  successRate: number | null;
  servedBy: string | null;
  /** p99 latency (end - scheduled) since the pass began, from the live HDR histogram; null before any answer. */
  p99Ms: number | null;
  activeAttacks: string[];
  /**
   * Each endpoint's health and breaker state, from the client's status() (healthy null: the client does not check;
   * breaker "off": it has none), and the faults in effect on the node behind it (what is true, whatever the client
   * believes).
   */
  endpoints: Array<{ name: string; healthy: boolean | null; breaker: string; faults: string[] }>;
}

/** Reads a snapshot from the live pass. */
export function snapshot(
  strategy: string,
  elapsedMs: number,
  durationMs: number,
  load: LoadGenerator,
  attacks: AttackScheduler,
  client: LoadTarget
): ProgressSnapshot {
  const w = load.window.totals(elapsedMs, 5_000);
  const total = w.ok + w.failed;
  // The window is 4 whole seconds plus the part of the current one that has passed.
  const windowS = Math.max(0.001, Math.min(elapsedMs, 4000 + (elapsedMs % 1000)) / 1000);
  return {
    strategy,
    elapsedMs,
    durationMs,
    sent: load.sent,
    inFlight: load.inFlight(),
    rate: total / windowS,
    successRate: total ? w.ok / total : null,
    servedBy: load.lastServedBy,
    p99Ms: load.finished ? load.latency.getValueAtPercentile(99) / 1000 : null,
    activeAttacks: attacks.activeAttacks(),
    endpoints: client.endpointStates().map((e) => ({
      ...e,
      faults: attacks
        .activeAttacks()
        .filter((a) => a.endsWith(`@${e.name}`))
        .map((a) => a.slice(0, a.lastIndexOf("@"))),
    })),
  };
}

/** One plain line, for logs and CI. */
export function formatProgressLine(s: ProgressSnapshot): string {
  const pct = s.successRate === null ? "  n/a" : `${(s.successRate * 100).toFixed(1)}%`;
  const elapsed = `${(s.elapsedMs / 1000).toFixed(0)}s/${(s.durationMs / 1000).toFixed(0)}s`;
  const p99 = s.p99Ms === null ? "n/a" : `${s.p99Ms.toFixed(0)}ms`;
  const attacks = s.activeAttacks.join(", ") || "none";
  return (
    `[${s.strategy}] ${elapsed}  ${s.rate.toFixed(0)} req/s  ok(5s) ${pct}  p99 ${p99}  ` +
    `served by ${s.servedBy ?? "-"}  in flight ${s.inFlight}  attacks: ${attacks}  endpoints: ${formatEndpoints(s)}`
  );
}

/**
 * Endpoint states in one line: `primary down/open [disable], backup up/closed`; `unchecked` when the client never
 * looks.
 */
export function formatEndpoints(s: ProgressSnapshot): string {
  return s.endpoints
    .map((e) => `${e.name} ${endpointHealth(e)}/${e.breaker}${e.faults.length ? ` [${e.faults.join(", ")}]` : ""}`)
    .join(", ");
}

/** An endpoint's health as the client sees it: up, down, or unchecked when the client runs no health checks. */
export function endpointHealth(e: { healthy: boolean | null }): string {
  return e.healthy === null ? "unchecked" : e.healthy ? "up" : "down";
}
