import { ANY_RESIDENCY } from "../metrics/residency.js";
import type { Summary } from "../types.js";

const HEADER = [
  "system",
  "residency",
  "requests",
  "availability",
  "availability during attacks",
  "refused (failed closed)",
  "violations: attempts / requests (nodes)",
  "fail-open attempts",
];

const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(2)}%`);

/**
 * Residency per system and class, side by side: what failing closed cost in availability during the attacks, against
 * the violations the nodes saw (what failing open costs). Null when no pass had a residency class.
 */
export function residencyRows(s: Summary): string[][] | null {
  if (!s.passes.some((p) => p.residency !== null)) return null;
  const rows = s.passes.flatMap((p) =>
    (p.residency?.classes ?? []).map((c) => [
      p.strategy,
      c.residency,
      String(c.requests),
      pct(c.availability),
      pct(c.duringAttacks.availability),
      String(c.refusedForResidency),
      c.violations === null
        ? "–"
        : c.violations.attempts === null
          ? "n/a (no node records)"
          : `${c.violations.attempts} / ${c.violations.requests}` +
            `${c.violations.nodes.length ? ` (${c.violations.nodes.join(", ")})` : ""}`,
      c.residency === ANY_RESIDENCY
        ? "–"
        : p.view === "white-box"
          ? String(p.residency!.failOpenAttempts)
          : "n/a (black box)",
    ])
  );
  return [HEADER, ...rows];
}

/** The sentence under the residency table. */
export const RESIDENCY_NOTE =
  "Violations are attempts that reached a node whose `jurisdiction` lacks the request's residency, counted from the " +
  "nodes' own attempt records, so a black-box gateway is checked the same way. Refused requests failed closed: each " +
  "is a violation that failing open would have risked.";
