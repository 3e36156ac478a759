import { COMMON_FAULT_PARAMS_SCHEMA, type FaultKindInfo } from "@faultline/node/tables";

/** Keys of an attack that are not fault parameters. */
export const ATTACK_KEYS = ["id", "at", "after", "every", "times", "target", "fault", "duration", "ramp"] as const;
/** Keys of a monkey's fault entry that are not fault parameters. */
export const MONKEY_FAULT_KEYS = ["fault", "weight", "duration"] as const;

// `duration` is how a scenario spells the wrapper's durationMs, so the raw
// durationMs is not offered as a parameter.
const { durationMs: _durationMs, ...commonParams } = COMMON_FAULT_PARAMS_SCHEMA as Record<string, object>;
/** The wrapper's parameters every fault kind takes beside its own (probability, match), as a scenario spells them. */
export const commonFaultParams: Readonly<Record<string, object>> = commonParams;

/** A fault kind's own parameters, from its schema in the node's fault table. */
export function ownProperties(info: FaultKindInfo): Record<string, { type?: string }> {
  return (info.paramsSchema as { properties?: Record<string, { type?: string }> }).properties ?? {};
}

/** The schema of the parameters an attack gives a fault kind: its own and the wrapper's. */
export function faultParamsSchema(info: FaultKindInfo): object {
  const own = info.paramsSchema as { required?: string[] };
  return {
    type: "object",
    required: own.required ?? [],
    properties: { ...commonParams, ...ownProperties(info) },
  };
}
