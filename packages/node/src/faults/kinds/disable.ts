import type { FaultKind } from "../fault-kind.js";
import { errorBody } from "@faultline/core";

const BODY = errorBody("The node is disabled.", "server_error", "node_disabled");

/** The paper's outage: 503 on every inference request and on /health. */
export const disableFault: FaultKind = {
  kind: "disable",
  description: "503 on every inference request; /health and /health/ready answer 503.",
  paramsSchema: { type: "object", properties: {}, additionalProperties: false },
  apply: () => ({ live: false, ready: false, admit: () => ({ type: "respond", status: 503, body: BODY }) }),
};
