/** @faultline/node: simulated GPU inference nodes, an OpenAI-compatible fault-injecting proxy, and the fault table. */
export { faultKinds, COMMON_FAULT_PARAMS_SCHEMA } from "./faults/registry.js";
export type { FaultKindInfo } from "./faults/registry.js";
export { profileNames, profileOverrideKeys } from "./profiles/resolve.js";
export { personaNames, DEFAULT_PERSONA } from "./personas/registry.js";
export { startNode } from "./start-node.js";
export type { RunningNode } from "./start-node.js";
export type { NodeOptions } from "./node-options.js";
export type { NodeEvent } from "./sim-node.js";
export type { AttemptRecord, AttemptOutcome, AttemptSink, AttemptBatch } from "./attempt-log.js";
export { startProxy } from "./proxy/start-proxy.js";
export type { AccessLine } from "./http/access-log.js";
export type { ProxyOptions } from "./proxy/start-proxy.js";
export { NodeErrorCodes } from "./errors.js";
export { NODE_CHILD_ENTRY, attemptRecords, completionText } from "./child-protocol.js";
export { checkSplice } from "./gpu/splice-check.js";
export type { SpliceVerdict } from "./gpu/splice-check.js";
