// @faultline/node/tables: the fault and profile tables without the servers, so the scenario
// validator (and `faultline validate`) reads them without loading fastify and undici.
export { faultKinds, COMMON_FAULT_PARAMS_SCHEMA } from "./faults/registry.js";
export type { FaultKindInfo } from "./faults/registry.js";
export { profileContextWindow, profileNames, profileOverrideKeys } from "./profiles/resolve.js";
export { personaNames, DEFAULT_PERSONA } from "./personas/registry.js";
