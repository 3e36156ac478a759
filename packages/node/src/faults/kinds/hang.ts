import type { FaultKind } from "../fault-kind.js";

/** Accepts the request and never answers: the client's timeout is the only way out. */
export const hangFault: FaultKind = {
  kind: "hang",
  description: "Accepts inference requests and never sends a byte (health endpoints unaffected).",
  paramsSchema: { type: "object", properties: {}, additionalProperties: false },
  apply: () => ({ admit: () => ({ type: "hang" }) }),
};
