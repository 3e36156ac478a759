import type { Ajv, Options, ValidateFunction } from "ajv";
import { faultKinds } from "@faultline/node/tables";
import { faultParamsSchema } from "../fault-params-schema.js";
import { VALIDATION_SCHEMA } from "../scenario-schema.js";
import { VALUE_DEFS } from "../schema-defs.js";
import { SYSTEM_SCHEMA } from "../systems/system-schema.js";

/** The validators a scenario is checked with: its shape, each kind of attacks-list item, a system, fault params. */
export interface ScenarioValidators {
  readonly shape: ValidateFunction;
  readonly attack: ValidateFunction;
  readonly group: ValidateFunction;
  readonly monkey: ValidateFunction;
  readonly system: ValidateFunction;
  /** The parameters an attack gives each fault kind, by kind. */
  readonly faultParams: Readonly<Record<string, ValidateFunction>>;
}

/** ajv's options for every scenario validator: every problem at once, with the schema for the messages. */
export const SCENARIO_AJV_OPTIONS: Readonly<Options> = Object.freeze({ allErrors: true, strict: false, verbose: true });

const id = (VALIDATION_SCHEMA as { $id: string }).$id;
const SYSTEM_KEY = "faultline-system";
const faultKey = (kind: string) => `faultline-fault-${kind}`;
/** A JavaScript name for a fault kind's validator in the generated module (kinds may hold dashes). */
const faultExport = (kind: string) => `fault_${kind.replace(/\W/g, "_")}`;

/**
 * Each validator's name in the build's generated module (ajv's standaloneCode, scripts/write-validators.mjs),
 * and the key it is registered under in the ajv instance.
 */
export function validatorExports(): Record<string, string> {
  return {
    shape: id,
    attack: `${id}#/$defs/attack`,
    group: `${id}#/$defs/group`,
    monkey: `${id}#/$defs/monkey`,
    system: SYSTEM_KEY,
    ...Object.fromEntries(faultKinds().map((k) => [faultExport(k.kind), faultKey(k.kind)])),
  };
}

/** The validator set, each taken by its generated module's export name from `pick`. */
export function scenarioValidators(pick: (name: string) => ValidateFunction): ScenarioValidators {
  return {
    shape: pick("shape"),
    attack: pick("attack"),
    group: pick("group"),
    monkey: pick("monkey"),
    system: pick("system"),
    faultParams: Object.fromEntries(faultKinds().map((k) => [k.kind, pick(faultExport(k.kind))])),
  };
}

/**
 * Registers the scenario's schemas (the one source of truth) in `ajv` and compiles them. The shipped schema
 * describes attack items as anyOf(monkey, group, attack) for editors; validating that union would drown one
 * typo in three branches' errors. So the shape is checked with items left open, then each item against the
 * one shape its keys announce (structure.ts).
 */
export function compileScenarioValidators(ajv: Ajv): ScenarioValidators {
  ajv.addSchema({ ...VALIDATION_SCHEMA, $defs: { ...(VALIDATION_SCHEMA as { $defs: object }).$defs, item: {} } });
  ajv.addSchema({ ...SYSTEM_SCHEMA, $defs: { duration: VALUE_DEFS.duration } }, SYSTEM_KEY);
  for (const info of faultKinds()) ajv.addSchema(faultParamsSchema(info), faultKey(info.kind));
  const keys = validatorExports();
  return scenarioValidators((name) => ajv.getSchema(keys[name]!) as ValidateFunction);
}
