import type { FaultKind } from "../fault-kind.js";

/**
 * A wedged engine behind a healthy HTTP front end: /health says 200 (as vLLM's
 * does while the scheduler is stuck), streams get their 200 headers, and no
 * token ever arrives. Health-check-only failover never notices.
 */
export const zombieFault: FaultKind = {
  kind: "zombie",
  description: "/health and /health/ready stay 200, but generation never starts (streams get headers, then silence).",
  paramsSchema: { type: "object", properties: {}, additionalProperties: false },
  apply: () => ({ live: true, ready: true, admit: () => ({ type: "zombie" }) }),
};
