import { errorBody } from "@faultline/core";
import type { FaultKind } from "../fault-kind.js";

/** Parameters of the stream-error fault. */
export interface StreamErrorParams {
  afterTokens?: number;
  status?: number;
}

/**
 * A 200 stream that fails mid-answer with an error event, as providers do once the status can no longer change:
 * OpenAI's `event: error`, Anthropic's `event: error` envelope, Bedrock's ModelStreamErrorException (424). The
 * persona writes the frame; the stream then ends without a finish_reason or [DONE].
 */
export const streamErrorFault: FaultKind<StreamErrorParams> = {
  kind: "stream-error",
  description:
    "After afterTokens tokens (default 5) the stream sends its persona's mid-stream error event for status " +
    "(default 500; 503 is overload) and ends, with no finish_reason and no [DONE]: OpenAI's `event: error`, " +
    "Anthropic's error envelope, Bedrock's 424 ModelStreamErrorException. Streaming requests only.",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      afterTokens: { type: "integer", minimum: 0 },
      status: { type: "integer", minimum: 400, maximum: 599 },
    },
  },
  apply: (p, host) => {
    const status = p.status ?? 500;
    const body =
      status === 503
        ? errorBody("The server is overloaded or not ready yet.", "server_error", "server_is_overloaded")
        : errorBody("The server had an error while processing your request. Sorry about that!", "server_error", null);
    const frame = host.persona.streamError({ status, body });
    return {
      shape: (req, shape) => {
        if (!req.stream) return;
        shape.errorAt = p.afterTokens ?? 5;
        shape.errorFrame = frame;
        shape.errorStatus = status;
      },
    };
  },
};
