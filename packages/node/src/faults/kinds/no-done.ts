import type { FaultKind } from "../fault-kind.js";

/** The stream finishes normally but the `data: [DONE]` sentinel never comes. */
export const noDoneFault: FaultKind = {
  kind: "no-done",
  description: "Streams complete (finish_reason frame sent, connection closed) but `data: [DONE]` is missing.",
  paramsSchema: { type: "object", properties: {}, additionalProperties: false },
  apply: () => ({
    shape: (req, shape) => {
      if (req.stream) shape.noDone = true;
    },
  }),
};
