import type { FaultKind } from "../fault-kind.js";

/** Parameters of the cpu fault. */
export interface CpuParams {
  threads: number;
  utilization: number;
}

/** Real CPU load on worker threads: the node answers slower because the machine is busy. */
export const cpuFault: FaultKind<CpuParams> = {
  kind: "cpu",
  description:
    "Burns CPU on `threads` piscina worker threads (capped at the core count) with a duty cycle of `utilization`.",
  paramsSchema: {
    type: "object",
    required: ["threads", "utilization"],
    additionalProperties: false,
    properties: {
      threads: { type: "integer", minimum: 1, maximum: 256 },
      utilization: { type: "number", exclusiveMinimum: 0, maximum: 1 },
    },
  },
  apply: (p, host) => {
    const stop = host.startCpuLoad(p.threads, p.utilization);
    return { revert: stop };
  },
};
