import type { StopKey } from "@faultline/contracts";
import { meetsThreshold } from "@faultline/core";
import type { StopCondition } from "@faultline/scenario";
import type { LatencyWindow } from "./latency-window.js";
import type { OutcomeWindow } from "./outcome-window.js";

/** What the live windows hold: outcomes, and latencies (end - scheduled) and times to first token, in ms. */
export interface LiveWindows {
  outcomes: OutcomeWindow;
  latency: LatencyWindow;
  ttft: LatencyWindow;
}

/** Each stop key's value over a window, live; null when the window holds nothing to judge. */
const LIVE: Record<StopKey, (w: LiveWindows, nowMs: number, windowMs: number) => number | null> = {
  errorRate: (w, now, win) => share(w, now, win, "failed"),
  availability: (w, now, win) => share(w, now, win, "ok"),
  p99: (w, now, win) => w.latency.quantile(now, win, 0.99),
  ttftP99: (w, now, win) => w.ttft.quantile(now, win, 0.99),
};

function share(w: LiveWindows, nowMs: number, windowMs: number, of: "ok" | "failed"): number | null {
  const t = w.outcomes.totals(nowMs, windowMs);
  const total = t.ok + t.failed;
  return total > 0 ? t[of] / total : null;
}

/**
 * The reason to stop the pass now, or null: the first condition whose figure over its window (once a whole window
 * has passed) meets its threshold, e.g. `stop condition: p99 > 5000ms over 5000 ms (was 30000)`.
 */
export function stopReason(conditions: readonly StopCondition[], w: LiveWindows, nowMs: number): string | null {
  for (const c of conditions) {
    if (nowMs < c.windowMs) continue;
    const value = LIVE[c.key](w, nowMs, c.windowMs);
    if (value !== null && meetsThreshold(value, c.threshold))
      return `stop condition: ${c.key} ${c.threshold.text} over ${c.windowMs} ms (was ${shown(c.key, value)})`;
  }
  return null;
}

const shown = (key: StopKey, v: number) =>
  key === "errorRate" || key === "availability" ? `${(v * 100).toFixed(2)}%` : `${Math.round(v)}ms`;
