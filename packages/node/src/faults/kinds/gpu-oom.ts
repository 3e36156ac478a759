import type { FaultKind } from "../fault-kind.js";
import { MAX_TIMER_MS } from "../max-timer.js";
import { errorBody } from "@faultline/core";

/** Parameters of the gpu-oom fault. */
export interface GpuOomParams {
  recoveryMs?: number;
}

const OOM = errorBody(
  "CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.10 GiB of which 1.19 GiB is free.",
  "server_error",
  "cuda_out_of_memory"
);
const RECOVERING = errorBody("The model is reloading after a GPU error.", "server_error", "model_not_ready");

/** A CUDA OOM kills the running batch; the node reloads and is unready for recoveryMs. */
export const gpuOomFault: FaultKind<GpuOomParams> = {
  kind: "gpu-oom",
  description:
    "In-flight requests fail with 500 CUDA out of memory; the node is live but unready (new " +
    "requests 503) for recoveryMs (default 3000).",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: { recoveryMs: { type: "number", minimum: 0, maximum: MAX_TIMER_MS } },
  },
  defaultDurationMs: (p) => p.recoveryMs ?? 3000,
  apply: (_p, host) => {
    host.failInFlight(500, OOM);
    return {
      live: true,
      ready: false,
      admit: () => ({ type: "respond", status: 503, body: RECOVERING, headers: { "retry-after": "1" } }),
    };
  },
};
