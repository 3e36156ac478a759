import type { Ajv, Options, ValidateFunction } from "ajv";
import { COMMON_FAULT_PARAMS_SCHEMA, FAULT_KINDS } from "../registry.js";

/** ajv's options for the admin API's fault bodies: the first problem is the one the answer names. */
export const FAULT_AJV_OPTIONS: Readonly<Options> = Object.freeze({ allErrors: false, strict: false });

const keyOf = (kind: string) => `faultline-fault-body-${kind}`;
/** A JavaScript name for a kind's validator in the generated module (kinds may hold dashes). */
const exportOf = (kind: string) => `fault_${kind.replace(/\W/g, "_")}`;

/** The schema of an admin fault body of `kind`: its own parameters, the wrapper's, and nothing else. */
function faultBodySchema(kind: string): object {
  const own = FAULT_KINDS.get(kind)!.paramsSchema as { properties?: object; required?: string[] };
  return {
    type: "object",
    additionalProperties: false,
    required: own.required ?? [],
    properties: { kind: { type: "string" }, ...COMMON_FAULT_PARAMS_SCHEMA, ...(own.properties ?? {}) },
  };
}

/** Each kind's validator's name in the build's generated module, and its key in the ajv instance. */
export function faultValidatorExports(): Record<string, string> {
  return Object.fromEntries([...FAULT_KINDS.keys()].map((kind) => [exportOf(kind), keyOf(kind)]));
}

/** The validators by fault kind, each taken by its generated module's export name from `pick`. */
export function faultValidators(pick: (name: string) => ValidateFunction): ReadonlyMap<string, ValidateFunction> {
  return new Map([...FAULT_KINDS.keys()].map((kind) => [kind, pick(exportOf(kind))]));
}

/** Registers every kind's body schema (from the fault table, the one source of truth) in `ajv` and compiles it. */
export function compileFaultValidators(ajv: Ajv): ReadonlyMap<string, ValidateFunction> {
  for (const kind of FAULT_KINDS.keys()) ajv.addSchema(faultBodySchema(kind), keyOf(kind));
  return faultValidators((name) => ajv.getSchema(faultValidatorExports()[name]!) as ValidateFunction);
}
