import type { FaultKind } from "../fault-kind.js";

/** The TCP connection is reset before any header: ECONNRESET on the client. */
export const resetFault: FaultKind = {
  kind: "reset",
  description: "Resets the TCP connection (RST) before any response header.",
  paramsSchema: { type: "object", properties: {}, additionalProperties: false },
  apply: () => ({ admit: () => ({ type: "reset" }) }),
};
