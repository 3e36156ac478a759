import { didYouMean } from "@faultline/core";
import { addAjvProblems } from "./messages.js";
import type { ProblemList, Segment } from "./problems.js";
import { SCENARIO_VALIDATORS } from "./validators/scenario-validators.js";

// Items are checked one by one against the shape their keys announce (compile-validators.ts says why).

/**
 * Which kind of attacks-list item a value is, from its keys. A misspelt
 * `paralel:` still marks a group, so the user hears about the typo rather
 * than about a missing target and fault.
 */
export function itemKind(item: unknown): "attack" | "group" | "monkey" {
  if (item === null || typeof item !== "object") return "attack";
  const keys = Object.keys(item);
  const near = (word: string) => keys.some((k) => k === word || didYouMean(k, [word]) !== "");
  if (keys.includes("monkey")) return "monkey";
  if (keys.includes("parallel") || keys.includes("serial")) return "group";
  if (keys.includes("fault") || keys.includes("target")) return "attack";
  if (near("monkey")) return "monkey";
  if (near("parallel") || near("serial")) return "group";
  return "attack";
}

function checkItems(items: unknown, base: Segment[], problems: ProblemList): void {
  if (!Array.isArray(items)) return;
  items.forEach((item, i) => {
    const path = [...base, i];
    const kind = itemKind(item);
    const validate = SCENARIO_VALIDATORS[kind];
    if (!validate(item)) addAjvProblems(validate.errors ?? [], item, path, problems);
    if (kind !== "group") return;
    const group = item as { parallel?: unknown; serial?: unknown };
    if (group.parallel !== undefined && group.serial !== undefined)
      problems.add(path, "a group is either parallel or serial; split it into two groups");
    if (group.parallel === undefined && group.serial === undefined)
      problems.add(path, "a group needs parallel: [...] or serial: [...]");
    checkItems(group.parallel, [...path, "parallel"], problems);
    checkItems(group.serial, [...path, "serial"], problems);
  });
}

/** Checks the scenario's shape against the JSON Schema; returns false when it is not an object at all. */
export function checkStructure(data: unknown, problems: ProblemList): boolean {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    problems.add([], "a scenario must be a mapping with name, duration, nodes and attacks");
    return false;
  }
  if (!SCENARIO_VALIDATORS.shape(data)) addAjvProblems(SCENARIO_VALIDATORS.shape.errors ?? [], data, [], problems);
  checkItems((data as { attacks?: unknown }).attacks, ["attacks"], problems);
  return true;
}
