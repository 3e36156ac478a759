import type { FaultKind } from "../fault-kind.js";
import { MAX_TIMER_MS } from "../max-timer.js";

/** Parameters of the crash fault. */
export interface CrashParams {
  restartDelayMs?: number;
}

/** The process exits (code 70); under the runner it comes back after restartDelayMs, like a container restart. */
export const crashFault: FaultKind<CrashParams> = {
  kind: "crash",
  description:
    "The node process exits with code 70; the runner restarts it after restartDelayMs (default " +
    "3000). In-process nodes drop every connection and stop listening.",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: { restartDelayMs: { type: "number", minimum: 0, maximum: MAX_TIMER_MS } },
  },
  apply: (p, host) => {
    host.crash(p.restartDelayMs ?? 3000);
    return {};
  },
};
