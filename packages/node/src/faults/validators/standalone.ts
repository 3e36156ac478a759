import { Ajv } from "ajv";
import { standaloneValidatorModule } from "../../validator-module.js";
import { compileFaultValidators, FAULT_AJV_OPTIONS, faultValidatorExports } from "./compile-fault-validators.js";

/** The fault validators as the source of an ES module, one export per kind. */
export function generatedFaultValidatorsCode(): string {
  const ajv = new Ajv({ ...FAULT_AJV_OPTIONS, code: { source: true, esm: true } });
  compileFaultValidators(ajv);
  return standaloneValidatorModule(ajv, faultValidatorExports(), "the fault table's schemas");
}
