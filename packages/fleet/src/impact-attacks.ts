/** One attack line of a generated scenario. */
export interface GeneratedAttack {
  id: string;
  at: string;
  target: string;
  fault: string;
  duration: string;
  [param: string]: string | number;
}

/** Milliseconds as a scenario duration; whole ms, at least 1 (a shorter attack could not be injected). */
export const ms = (x: number) => `${Math.max(1, Math.round(x))}ms`;

/**
 * The one mapping from an impact to faults, shared by fleet exports and status-page replays: every request failing is
 * the node's `disable` (503, health down, the paper's outage); a share of requests failing is `errors` 503 at that
 * rate; added latency is a `latency` fault beside it. Latency is per request, so it is not time-scaled.
 */
export function attacksForImpact(
  id: string,
  target: string,
  atMs: number,
  durationMs: number,
  impact: { errorShare: number; extraLatencyMs: number }
): GeneratedAttack[] {
  const common = { at: ms(atMs), target, duration: ms(durationMs) };
  const out: GeneratedAttack[] = [];
  if (impact.errorShare >= 1) out.push({ id, ...common, fault: "disable" });
  else if (impact.errorShare > 0) out.push({ id, ...common, fault: "errors", status: 503, rate: impact.errorShare });
  if (impact.extraLatencyMs > 0 && impact.errorShare < 1)
    out.push({ id: `${id}-slow`, ...common, fault: "latency", ms: impact.extraLatencyMs });
  return out;
}

/** A scenario node name from a label: starts with a letter; letters, digits, `-`, `_`. */
export function nodeName(label: string): string {
  const n = label.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return /^[A-Za-z]/.test(n) ? n : `n-${n}`;
}

/**
 * The load of a generated scenario: short answers (16 tokens, about 0.3 s on h100-llama3-8b), so a request's
 * outcome is pinned to the moment it was sent and a compressed month's short incidents are resolved in time.
 */
export const EXPORT_LOAD = (rate: number) => ({ rate: `${rate}/s`, maxTokens: 16 });
