import type { FaultKind } from "../fault-kind.js";

/** Parameters of the slow-tokens fault. */
export interface SlowTokensParams {
  factor: number;
}

/** Inter-token latency multiplied (a throttled or contended GPU); time to first token untouched. */
export const slowTokensFault: FaultKind<SlowTokensParams> = {
  kind: "slow-tokens",
  description: "Multiplies inter-token latency by `factor`; time to first token is untouched.",
  paramsSchema: {
    type: "object",
    required: ["factor"],
    additionalProperties: false,
    properties: { factor: { type: "number", minimum: 1 } },
  },
  apply: (p) => ({
    shape: (_req, shape) => {
      shape.itlFactor = (shape.itlFactor ?? 1) * p.factor;
    },
  }),
};
