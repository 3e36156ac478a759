import { didYouMean, FaultlineError } from "@faultline/core";
import type { ConformanceCase } from "./case.js";
import { ConformanceErrorCodes } from "./errors.js";

/** Picks the cases to play and the required ones, refusing unknown ids and required cases not played. */
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
  if (required === "all") return { cases, required: new Set(cases.map((c) => c.id)) };
  const marked = required ?? [];
  check("--required", marked);
  for (const id of marked) {
    const c = catalogue.find((x) => x.id === id)!;
    if (!cases.includes(c))
      throw new FaultlineError(
        ConformanceErrorCodes.CASE_INVALID,
        `--required: case "${id}" is not among --cases; add it there or drop it from --required`,
        { field: "--required" }
      );
  }
  return { cases, required: new Set(marked) };
}
