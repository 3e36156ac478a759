import type { ValidateFunction } from "ajv";
import { didYouMean } from "@faultline/core";
import { faultKinds, type FaultKindInfo } from "@faultline/node/tables";
import { commonFaultParams, ownProperties } from "./fault-params-schema.js";
import { addAjvProblems } from "./messages.js";
import type { ProblemList, Segment } from "./problems.js";
import { SCENARIO_VALIDATORS } from "./validators/scenario-validators.js";

export { ATTACK_KEYS, commonFaultParams, MONKEY_FAULT_KEYS } from "./fault-params-schema.js";

function kindInfo(kind: string): FaultKindInfo | undefined {
  return faultKinds().find((k) => k.kind === kind);
}

/** Names of the parameters a fault kind accepts, its own and the wrapper's. */
export function paramNames(info: FaultKindInfo): string[] {
  return [...Object.keys(ownProperties(info)), ...Object.keys(commonFaultParams)];
}

function validatorFor(info: FaultKindInfo): ValidateFunction {
  return SCENARIO_VALIDATORS.faultParams[info.kind]!;
}

/**
 * Checks an attack's fault kind and the parameters beside it. Returns the
 * params (every key that is not one of `ownKeys`) when the kind is known.
 */
export function checkFault(
  item: Record<string, unknown>,
  path: readonly Segment[],
  ownKeys: readonly string[],
  problems: ProblemList
): Record<string, unknown> | null {
  const kinds = faultKinds().map((k) => k.kind);
  if (typeof item.fault !== "string") return null;
  const info = kindInfo(item.fault);
  if (!info) {
    problems.add(
      [...path, "fault"],
      `unknown fault "${item.fault}"${didYouMean(item.fault, kinds) || `; use one of ${kinds.join(", ")}`}`
    );
    return null;
  }
  const params = Object.fromEntries(Object.entries(item).filter(([k]) => !ownKeys.includes(k)));
  const allowed = paramNames(info);
  const before = problems.count;
  for (const key of Object.keys(params)) {
    if (allowed.includes(key)) continue;
    const hint = didYouMean(key, allowed) || didYouMean(key, ownKeys);
    problems.add([...path, key], `unknown key${hint}; fault "${info.kind}" takes ${allowed.join(", ")}`, key);
  }
  // A ramped parameter may be left out beside the ramp: the ramp gives its value.
  const ramp = item.ramp as { param?: unknown; from?: unknown } | undefined;
  const probe =
    typeof ramp?.param === "string" && allowed.includes(ramp.param) && !(ramp.param in params)
      ? { ...params, [ramp.param]: ramp.from }
      : params;
  const validate = validatorFor(info);
  if (!validate(probe))
    addAjvProblems(
      (validate.errors ?? []).filter((e) => !ramp || e.instancePath !== `/${String(ramp.param)}`),
      probe,
      path,
      problems
    );
  const minProperties = (info.paramsSchema as { minProperties?: number }).minProperties ?? 0;
  const ownGiven = Object.keys(probe).filter((k) => k in ownProperties(info)).length;
  if (ownGiven < minProperties)
    problems.add(path, `fault "${info.kind}" needs at least one of ${Object.keys(ownProperties(info)).join(", ")}`);
  return problems.count === before ? params : null;
}

/** Checks a ramp: its parameter must be a numeric parameter of the fault, and both ends in range. */
export function checkRamp(
  item: Record<string, unknown>,
  params: Record<string, unknown>,
  path: readonly Segment[],
  problems: ProblemList
): void {
  const ramp = item.ramp as { param?: unknown; from?: unknown; to?: unknown } | undefined;
  if (!ramp || typeof item.fault !== "string" || typeof ramp.param !== "string") return;
  const info = kindInfo(item.fault);
  if (!info) return;
  const numeric = Object.entries(ownProperties(info))
    .filter(([, s]) => s.type === "number" || s.type === "integer")
    .map(([k]) => k);
  if (!numeric.includes(ramp.param)) {
    const hint = didYouMean(ramp.param, numeric);
    problems.add(
      [...path, "ramp", "param"],
      `fault "${info.kind}" has no numeric parameter "${ramp.param}"` +
        (hint || `; rampable: ${numeric.join(", ") || "none"}`)
    );
    return;
  }
  if (item.duration === undefined)
    problems.add([...path, "ramp"], "a ramp needs the attack's duration (add duration: 30s)");
  const validate = validatorFor(info);
  for (const end of ["from", "to"] as const) {
    if (typeof ramp[end] !== "number") continue;
    const probe = { ...params, [ramp.param]: ramp[end] };
    if (validate(probe)) continue;
    const atParam = (validate.errors ?? [])
      .filter((e) => e.instancePath === `/${ramp.param}`)
      .map((e) => ({ ...e, instancePath: "" }));
    addAjvProblems(atParam, ramp[end], [...path, "ramp", end], problems);
  }
}
