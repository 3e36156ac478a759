import type { OpenAIErrorBody } from "@faultline/core";
import type { FaultKind } from "../fault-kind.js";

// Azure OpenAI's refusal of a prompt its content filter flagged, as users report it (openai-python #1017, LiteLLM
// #1394): OpenAI's error shape with code content_filter, `type: null`, and the per-category verdicts in innererror.
// The same prompt is refused on every deployment with the filter, so it is never worth retrying.
const BODY = {
  error: {
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please " +
      "modify your prompt and retry. To learn more about our content filtering policies please read our " +
      "documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
    type: null,
    param: "prompt",
    code: "content_filter",
    status: 400,
    innererror: {
      code: "ResponsibleAIPolicyViolation",
      content_filter_result: {
        hate: { filtered: false, severity: "safe" },
        jailbreak: { filtered: false, detected: false },
        self_harm: { filtered: false, severity: "safe" },
        sexual: { filtered: false, severity: "safe" },
        violence: { filtered: true, severity: "medium" },
      },
    },
  },
} as unknown as OpenAIErrorBody;

/** Every request is refused by a content filter: 400 content_filter, in Azure OpenAI's form. */
export const contentFilterFault: FaultKind = {
  kind: "content-filter",
  description:
    "400 `content_filter` in Azure OpenAI's form (`innererror.content_filter_result` naming the flagged category): " +
    "the prompt is refused for what it says, on every endpoint, so it must not be retried.",
  paramsSchema: { type: "object", properties: {}, additionalProperties: false },
  apply: () => ({ admit: () => ({ type: "respond", status: 400, body: BODY }) }),
};
