import type { FaultKind } from "../fault-kind.js";

/** Parameters of the keepalive-pings fault. */
export interface KeepalivePingsParams {
  afterTokens?: number;
  pauseMs?: number;
  intervalMs?: number;
}

/**
 * A stream that goes quiet mid-answer but says it is alive: what a provider sends while a long answer waits on the
 * model (Anthropic's `ping` events, the SSE comments of OpenAI-compatible routers). A stack that counts only tokens
 * as liveness mistakes it for a stall and abandons a healthy answer.
 */
export const keepalivePingsFault: FaultKind<KeepalivePingsParams> = {
  kind: "keepalive-pings",
  description:
    "After afterTokens tokens (default 1) the stream pauses for pauseMs (default 3000) and sends a keep-alive every " +
    "intervalMs (default 500) meanwhile: an SSE comment (`: keep-alive`) on chat completions, an Anthropic `ping` " +
    "event on the Messages API; then the answer continues whole. Streaming requests only.",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      afterTokens: { type: "integer", minimum: 0 },
      pauseMs: { type: "integer", minimum: 0, maximum: 600_000 },
      intervalMs: { type: "integer", minimum: 10, maximum: 600_000 },
    },
  },
  apply: (p) => ({
    shape: (req, shape) => {
      if (!req.stream) return;
      shape.pauseAt = p.afterTokens ?? 1;
      shape.pauseMs = p.pauseMs ?? 3000;
      shape.pingEveryMs = p.intervalMs ?? 500;
    },
  }),
};
