import type { FaultKind } from "../fault-kind.js";

/** Parameters of the stream-stall fault. */
export interface AfterTokensParams {
  afterTokens?: number;
}

/** The stream goes silent after afterTokens tokens with the socket left open. */
export const streamStallFault: FaultKind<AfterTokensParams> = {
  kind: "stream-stall",
  description:
    "The stream goes silent after afterTokens tokens with the socket left open. Default " +
    "afterTokens 5. Streaming requests only.",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: { afterTokens: { type: "integer", minimum: 0 } },
  },
  apply: (p) => ({
    shape: (req, shape) => {
      if (req.stream) shape.stallAfter = p.afterTokens ?? 5;
    },
  }),
};
