import type { FaultKind } from "../fault-kind.js";

/** Parameters of the malformed-chunk fault. */
export interface AfterTokensParams {
  afterTokens?: number;
}

/** The SSE frame after afterTokens tokens carries invalid JSON; the stream then continues. */
export const malformedChunkFault: FaultKind<AfterTokensParams> = {
  kind: "malformed-chunk",
  description:
    "The SSE frame after afterTokens tokens carries invalid JSON; the stream then continues. " +
    "Default afterTokens 5. Streaming requests only.",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: { afterTokens: { type: "integer", minimum: 0 } },
  },
  apply: (p) => ({
    shape: (req, shape) => {
      if (req.stream) shape.malformedAt = p.afterTokens ?? 5;
    },
  }),
};
