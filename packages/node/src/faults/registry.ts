import type { FaultKind } from "./fault-kind.js";
import { FAULT_LIMITS } from "./fault-limits.js";
import { disableFault } from "./kinds/disable.js";
import { latencyFault } from "./kinds/latency.js";
import { cpuFault } from "./kinds/cpu.js";
import { errorsFault } from "./kinds/errors.js";
import { rateLimitFault } from "./kinds/rate-limit.js";
import { quotaExhaustedFault } from "./kinds/quota-exhausted.js";
import { hangFault } from "./kinds/hang.js";
import { zombieFault } from "./kinds/zombie.js";
import { engineDeadFault } from "./kinds/engine-dead.js";
import { gpuOomFault } from "./kinds/gpu-oom.js";
import { crashFault } from "./kinds/crash.js";
import { slowTokensFault } from "./kinds/slow-tokens.js";
import { streamCutFault } from "./kinds/stream-cut.js";
import { streamStallFault } from "./kinds/stream-stall.js";
import { malformedChunkFault } from "./kinds/malformed-chunk.js";
import { noDoneFault } from "./kinds/no-done.js";
import { resetFault } from "./kinds/reset.js";
import { capacityFault } from "./kinds/capacity.js";
import { keepalivePingsFault } from "./kinds/keepalive-pings.js";
import { streamErrorFault } from "./kinds/stream-error.js";
import { contentFilterFault } from "./kinds/content-filter.js";
import { prefillRejectedFault } from "./kinds/prefill-rejected.js";

/**
 * The one table of fault kinds: the node, the proxy, the validator and the docs all read it. Adding a fault = one file
 * and one line here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kinds differ in params type
export const FAULT_KINDS: ReadonlyMap<string, FaultKind<any>> = new Map<string, FaultKind<any>>(
  [
    disableFault,
    latencyFault,
    cpuFault,
    errorsFault,
    rateLimitFault,
    quotaExhaustedFault,
    hangFault,
    zombieFault,
    engineDeadFault,
    gpuOomFault,
    crashFault,
    slowTokensFault,
    streamCutFault,
    streamStallFault,
    malformedChunkFault,
    noDoneFault,
    keepalivePingsFault,
    streamErrorFault,
    resetFault,
    capacityFault,
    contentFilterFault,
    prefillRejectedFault,
  ].map((k) => [k.kind, k])
);

/** One registered fault kind as other packages see it. */
export interface FaultKindInfo {
  kind: string;
  description: string;
  /** JSON Schema (draft-07) of the kind's own params; excludes durationMs/probability/match. */
  paramsSchema: Record<string, unknown>;
}

const INFOS: readonly FaultKindInfo[] = Object.freeze(
  [...FAULT_KINDS.values()].map((k) =>
    Object.freeze({ kind: k.kind, description: k.description, paramsSchema: k.paramsSchema })
  )
);

/** The registered fault kinds with their parameter schemas. */
export function faultKinds(): readonly FaultKindInfo[] {
  return INFOS;
}

/** JSON Schema properties every fault accepts, handled by the wrapper rather than the kind. */
export const COMMON_FAULT_PARAMS_SCHEMA: Record<string, unknown> = Object.freeze({
  durationMs: {
    type: "number",
    minimum: 0,
    maximum: FAULT_LIMITS.maxTtlMs,
    description:
      `The fault clears itself after this long (default ${FAULT_LIMITS.defaultTtlMs} ms, or the ` +
      `kind's recovery time).`,
  },
  probability: { type: "number", minimum: 0, maximum: 1, description: "Chance per request that the fault applies." },
  match: {
    type: "object",
    additionalProperties: false,
    description: "Only requests matching all given fields are affected.",
    properties: { model: { type: "string" }, stream: { type: "boolean" } },
  },
});
