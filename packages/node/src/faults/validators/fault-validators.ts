import { existsSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import { compileFaultValidators, FAULT_AJV_OPTIONS, faultValidators } from "./compile-fault-validators.js";

/** Where the build writes the validators as code (scripts/write-validators.mjs). */
const GENERATED = new URL("./generated.js", import.meta.url);

/**
 * The build writes the fault validators as code (ajv's standaloneCode): every node process loaded ajv and
 * compiled each kind's schema before it listened, about 0.1 s of a run's start-up per node (compiling lazily
 * instead put that work inside a run's first POST /admin/faults, and the first attack landed ~50 ms late).
 * Run from source (the unit tests) there is no generated module, and the schemas are compiled here;
 * generated.test.ts holds the build's code equal to what the schemas compile to.
 */
async function loadValidators(): Promise<ReadonlyMap<string, ValidateFunction>> {
  if (existsSync(GENERATED)) {
    const generated = (await import(GENERATED.href)) as Record<string, ValidateFunction>;
    return faultValidators((name) => generated[name]!);
  }
  const { Ajv } = await import("ajv");
  return compileFaultValidators(new Ajv(FAULT_AJV_OPTIONS));
}

/** The admin API's fault-body validators by kind: the build's generated code, or compiled when there is none. */
export const FAULT_VALIDATORS: ReadonlyMap<string, ValidateFunction> = await loadValidators();
