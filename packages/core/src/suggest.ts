import { closest, distance } from "fastest-levenshtein";

/** Returns ` (did you mean "x"?)` when a candidate is close to `input`, else "". */
export function didYouMean(input: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return "";
  const best = closest(input, candidates as string[]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(input, best) <= limit ? ` (did you mean "${best}"?)` : "";
}
