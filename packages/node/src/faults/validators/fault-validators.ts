import type { ValidateFunction } from "ajv";
import { generatedOrCompiled } from "../../validator-module.js";
import { compileFaultValidators, FAULT_AJV_OPTIONS, faultValidators } from "./compile-fault-validators.js";

/**
 * The admin API's fault-body validators by kind: the build's generated code (scripts/write-validators.mjs), or
 * compiled when there is none. Every node process used to compile each kind's schema before it listened, about 0.1 s
 * of a run's start-up per node (compiling lazily instead put that work inside a run's first POST /admin/faults, and
 * the first attack landed ~50 ms late). generated.test.ts holds the build's code equal to what the schemas compile to.
 */
export const FAULT_VALIDATORS: ReadonlyMap<string, ValidateFunction> = await generatedOrCompiled(
  new URL("./generated.js", import.meta.url),
  faultValidators,
  compileFaultValidators,
  FAULT_AJV_OPTIONS
);
