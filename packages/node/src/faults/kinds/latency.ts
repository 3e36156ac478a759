import type { FaultKind } from "../fault-kind.js";
import { MAX_TIMER_MS } from "../max-timer.js";

/** Parameters of the latency fault. */
export interface LatencyParams {
  ms: number;
  jitterMs?: number;
}

/** Added delay before the first byte, uniform in ms ± jitterMs. */
export const latencyFault: FaultKind<LatencyParams> = {
  kind: "latency",
  description: "Adds ms (± jitterMs, uniform) before the first byte of each inference response.",
  paramsSchema: {
    type: "object",
    required: ["ms"],
    additionalProperties: false,
    properties: {
      ms: { type: "number", minimum: 0, maximum: MAX_TIMER_MS },
      jitterMs: { type: "number", minimum: 0, maximum: MAX_TIMER_MS },
    },
  },
  apply: (p, host) => ({
    admit: () => {
      const jitter = p.jitterMs ? (host.rng.next() * 2 - 1) * p.jitterMs : 0;
      return { type: "delay", ms: Math.max(0, p.ms + jitter) };
    },
  }),
};
