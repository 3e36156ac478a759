import type { FaultKind } from "../fault-kind.js";

/** Parameters of the stream-cut fault. */
export interface AfterTokensParams {
  afterTokens?: number;
}

/** The stream dies (socket destroyed) after afterTokens tokens, with no finish_reason and no [DONE]. */
export const streamCutFault: FaultKind<AfterTokensParams> = {
  kind: "stream-cut",
  description:
    "The stream dies (socket destroyed) after afterTokens tokens, with no finish_reason and no " +
    "[DONE]. Default afterTokens 5. Streaming requests only.",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: { afterTokens: { type: "integer", minimum: 0 } },
  },
  apply: (p) => ({
    shape: (req, shape) => {
      if (req.stream) shape.cutAfter = p.afterTokens ?? 5;
    },
  }),
};
