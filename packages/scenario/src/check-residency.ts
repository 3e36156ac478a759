import { jurisdictionAllows, jurisdictionTags } from "@faultline/contracts";
import type { ProblemList } from "./problems.js";

/**
 * Rejects a load class whose `residency` no node can serve: every one of its requests would fail closed, so the pass
 * would measure a typo, not a failover. The message names the jurisdictions the nodes do declare.
 */
export function checkResidency(load: unknown, nodes: unknown, problems: ProblemList): void {
  const classes = (load as { classes?: unknown } | undefined)?.classes;
  if (!Array.isArray(classes) || nodes === null || typeof nodes !== "object") return;
  const declared = Object.entries(nodes as Record<string, { jurisdiction?: unknown } | null>).map(([name, n]) => ({
    name,
    tags: jurisdictionOf(n?.jurisdiction),
  }));
  classes.forEach((c: unknown, i) => {
    const residency = (c as { residency?: unknown } | null)?.residency;
    if (typeof residency !== "string" || residency.trim() === "") return;
    if (declared.some((n) => jurisdictionAllows(n.tags, residency.trim()))) return;
    const known = declared.filter((n) => n.tags.length > 0).map((n) => `${n.name} (${n.tags.join(", ")})`);
    problems.add(
      ["load", "classes", i, "residency"],
      `no node has jurisdiction "${residency}", so every request of this class would be refused; ` +
        (known.length
          ? `declared: ${known.join("; ")}`
          : `add jurisdiction: ${residency} to the nodes that may serve it`)
    );
  });
}

function jurisdictionOf(value: unknown): readonly string[] {
  if (typeof value === "string") return jurisdictionTags(value);
  if (Array.isArray(value)) return jurisdictionTags(value.filter((t): t is string => typeof t === "string"));
  return [];
}
