import { DEFAULT_OPTIONS } from "@faultline/contracts";
import type { Scenario } from "@faultline/scenario";
import type { JudgedOutcome } from "./systems/load-target.js";

/**
 * The quality weight each answer counts for in quality-weighted availability (requests.quality): a live answer its
 * serving node's `quality`, a cached one (tier minimal) the client's `answerCacheQuality`, a failure nothing. Written
 * per request so the summary's figure is a sum over the stored rows.
 */
export function answerQuality(scenario: Scenario): (o: JudgedOutcome) => number | null {
  const byNode = new Map(scenario.nodes.map((n) => [n.name, n.quality]));
  const cached = Number(scenario.client.options["answerCacheQuality"] ?? DEFAULT_OPTIONS.answerCacheQuality);
  return (o) => {
    if (!o.ok) return null;
    if (o.tier === "minimal") return cached;
    return (o.servedBy === null ? undefined : byNode.get(o.servedBy)) ?? 1;
  };
}
