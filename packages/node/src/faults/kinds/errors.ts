import type { FaultKind } from "../fault-kind.js";
import { INJECTABLE_STATUSES, standardErrorBody } from "@faultline/core";

/** Parameters of the errors fault. */
export interface ErrorsParams {
  status: number;
  rate?: number;
}

/** A chosen HTTP status at a given rate, each with the body a real server sends. */
export const errorsFault: FaultKind<ErrorsParams> = {
  kind: "errors",
  description:
    "Answers `status` (with its real OpenAI error body, or the persona's provider's answer) to a fraction `rate` " +
    "(default 1) of inference requests.",
  paramsSchema: {
    type: "object",
    required: ["status"],
    additionalProperties: false,
    properties: {
      status: { type: "integer", enum: INJECTABLE_STATUSES },
      rate: { type: "number", minimum: 0, maximum: 1 },
    },
  },
  apply: (p, host) => {
    const rate = p.rate ?? 1;
    const body = standardErrorBody(p.status);
    const headers = p.status === 429 || p.status === 503 ? { "retry-after": "1" } : undefined;
    const verdict = headers
      ? { type: "respond" as const, status: p.status, body, headers }
      : { type: "respond" as const, status: p.status, body };
    return { admit: () => (rate >= 1 || host.rng.next() < rate ? verdict : undefined) };
  },
};
