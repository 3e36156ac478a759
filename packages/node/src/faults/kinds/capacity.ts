import type { FaultKind } from "../fault-kind.js";

/** Parameters of the capacity fault. */
export interface CapacityParams {
  maxBatch?: number;
  kvTokens?: number;
}

/** Batch slots or KV budget shrink at runtime (a co-tenant, a fragmented cache); restored on revert. */
export const capacityFault: FaultKind<CapacityParams> = {
  kind: "capacity",
  description:
    "Sets the batch slots (maxBatch) and/or KV-cache budget (kvTokens) of the simulated GPU; " +
    "restored when the fault ends. Simulator only.",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    minProperties: 1,
    properties: { maxBatch: { type: "integer", minimum: 1 }, kvTokens: { type: "integer", minimum: 1 } },
  },
  needsGpu: true,
  apply: (p, host) => {
    const restore = host.setCapacity!(p);
    return { revert: restore };
  },
};
