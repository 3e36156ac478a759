import type { FaultKind } from "../fault-kind.js";
import { MAX_TIMER_MS } from "../max-timer.js";
import { errorBody } from "@faultline/core";

/** Parameters of the engine-dead fault. */
export interface EngineDeadParams {
  restartDelayMs?: number;
}

// vLLM's AsyncEngineDeadError surfaces to clients as a 500 with this text.
const BODY = errorBody("Background loop has errored already. (AsyncEngineDeadError)", "server_error", "engine_dead");

/** The engine loop died: in-flight and new requests get 500, /health 503, until the restart delay passes. */
export const engineDeadFault: FaultKind<EngineDeadParams> = {
  kind: "engine-dead",
  description:
    "In-flight and new requests get 500 AsyncEngineDeadError; /health answers 503; recovers " +
    "after restartDelayMs (default 5000).",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: { restartDelayMs: { type: "number", minimum: 0, maximum: MAX_TIMER_MS } },
  },
  defaultDurationMs: (p) => p.restartDelayMs ?? 5000,
  apply: (_p, host) => {
    host.failInFlight(500, BODY);
    return { live: false, ready: false, admit: () => ({ type: "respond", status: 500, body: BODY }) };
  },
};
