import { existsSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import { compileScenarioValidators, SCENARIO_AJV_OPTIONS, scenarioValidators } from "./compile-validators.js";

/** Where the build writes the validators as code (scripts/write-validators.mjs). */
export const GENERATED_VALIDATORS_URL: URL = new URL("./generated.js", import.meta.url);

/**
 * The build writes the validators as code (ajv's standaloneCode): loading ajv and compiling the scenario
 * schema took 0.1-0.3 s of every `faultline run` and `validate` on a quiet machine, before a run's nodes
 * were forked. Run from source (the unit tests) there is no generated module, and the schemas are compiled
 * here; generated.test.ts holds the build's code equal to what the schemas compile to.
 */
async function loadValidators() {
  if (existsSync(GENERATED_VALIDATORS_URL)) {
    const generated = (await import(GENERATED_VALIDATORS_URL.href)) as Record<string, ValidateFunction>;
    return scenarioValidators((name) => generated[name]!);
  }
  const { Ajv } = await import("ajv");
  return compileScenarioValidators(new Ajv(SCENARIO_AJV_OPTIONS));
}

/** The scenario's validators: the build's generated code, or compiled from the schemas when there is none. */
export const SCENARIO_VALIDATORS = await loadValidators();
