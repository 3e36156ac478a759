import { didYouMean, FaultlineError } from "@faultline/core";
import type { ConformanceCase } from "./case.js";
import { ConformanceErrorCodes } from "./errors.js";

/** Picks the cases to play and the required ones, refusing unknown ids and required cases that cannot run yet. */
export function selectCases(
  catalogue: readonly ConformanceCase[],
  ids: readonly string[] | undefined,
  required: readonly string[] | "all" | undefined
): { cases: ConformanceCase[]; required: Set<string> } {
  const known = catalogue.map((c) => c.id);
  const check = (flag: string, list: readonly string[]) => {
    for (const id of list)
      if (!known.includes(id))
        throw new FaultlineError(
          ConformanceErrorCodes.CASE_INVALID,
          `${flag}: no case "${id}"${didYouMean(id, known)}; the cases are ${known.join(", ")}`,
          { field: flag }
        );
  };
  if (ids) check("--cases", ids);
  const cases = ids ? catalogue.filter((c) => ids.includes(c.id)) : [...catalogue];
  if (required === "all") return { cases, required: new Set(cases.filter(runnable).map((c) => c.id)) };
  const marked = required ?? [];
  check("--required", marked);
  for (const id of marked) {
    const c = catalogue.find((x) => x.id === id)!;
    if (!runnable(c))
      throw new FaultlineError(
        ConformanceErrorCodes.CASE_INVALID,
        `--required: case "${id}" needs the ${c.persona!.persona} persona, ` +
          "which faultline's nodes do not have yet; drop it from --required",
        { field: "--required" }
      );
    if (!cases.includes(c))
      throw new FaultlineError(
        ConformanceErrorCodes.CASE_INVALID,
        `--required: case "${id}" is not among --cases; add it there or drop it from --required`,
        { field: "--required" }
      );
  }
  return { cases, required: new Set(marked) };
}

function runnable(c: ConformanceCase): boolean {
  return !c.persona || c.persona.runsToday;
}
