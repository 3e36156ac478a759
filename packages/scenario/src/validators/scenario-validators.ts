import { generatedOrCompiled } from "@faultline/node/validator-module";
import { compileScenarioValidators, SCENARIO_AJV_OPTIONS, scenarioValidators } from "./compile-validators.js";

/**
 * The scenario's validators: the build's generated code (scripts/write-validators.mjs), or compiled from the schemas
 * when there is none. Loading ajv and compiling the scenario schema took 0.1-0.3 s of every `faultline run` and
 * `validate` on a quiet machine, before a run's nodes were forked. generated.test.ts holds the build's code equal to
 * what the schemas compile to.
 */
export const SCENARIO_VALIDATORS = await generatedOrCompiled(
  new URL("./generated.js", import.meta.url),
  scenarioValidators,
  compileScenarioValidators,
  SCENARIO_AJV_OPTIONS
);
