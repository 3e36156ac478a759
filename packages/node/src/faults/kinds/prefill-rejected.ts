import { errorBody } from "@faultline/core";
import type { FaultKind } from "../fault-kind.js";

// Anthropic's answer when a model without prefill support gets a conversation ending with the assistant's turn
// (the newest Claude models dropped prefill); a stack that resumes a cut stream by prefilling hits it on such a model.
const BODY = errorBody(
  "This model does not support assistant message prefill. The conversation must end with a user message.",
  "invalid_request_error",
  null,
  "messages"
);

/** The model rejects assistant prefill: a request whose last message is the assistant's gets 400. */
export const prefillRejectedFault: FaultKind = {
  kind: "prefill-rejected",
  description:
    "400 invalid_request_error to any request whose last message is the assistant's (a prefill to continue), as " +
    "Anthropic answers for models without prefill; other requests are served.",
  paramsSchema: { type: "object", properties: {}, additionalProperties: false },
  apply: () => ({
    admit: (req) => (req.lastRole === "assistant" ? { type: "respond", status: 400, body: BODY } : undefined),
  }),
};
