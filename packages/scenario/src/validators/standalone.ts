import { standaloneValidatorModule } from "@faultline/node/validator-module";
import { Ajv } from "ajv";
import { compileScenarioValidators, SCENARIO_AJV_OPTIONS, validatorExports } from "./compile-validators.js";

/** The scenario's validators as the source of an ES module, one export per validator (validatorExports). */
export function generatedValidatorsCode(): string {
  const ajv = new Ajv({ ...SCENARIO_AJV_OPTIONS, code: { source: true, esm: true } });
  compileScenarioValidators(ajv);
  return standaloneValidatorModule(ajv, validatorExports(), "the scenario's schemas");
}
