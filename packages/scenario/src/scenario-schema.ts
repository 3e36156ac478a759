import { buildScenarioSchema } from "./schema.js";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** The scenario JSON Schema; scenarios/scenario.schema.json is this, written out (a test keeps it fresh). */
export const SCENARIO_SCHEMA: object = deepFreeze(buildScenarioSchema({ forEditors: true }));

/** The same schema without editor hints: what the validator checks (names are checked with did-you-mean instead). */
export const VALIDATION_SCHEMA: object = deepFreeze(buildScenarioSchema({ forEditors: false }));
