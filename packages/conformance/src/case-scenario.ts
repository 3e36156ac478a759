import type { NodeInput, ScenarioInput } from "@faultline/scenario";
import type { ConformanceCase } from "./case.js";
import { CONFORMANCE_DEFAULTS } from "./defaults.js";
import type { SystemUnderTest } from "./system-under-test.js";

/**
 * The scenario a case plays: its two nodes (the system's endpoint 0 and 1),
 * its faults and load over the defaults, and the system under test as the
 * only entry of `systems:`. Written beside the case's events.db, so
 * `faultline run <case>/scenario.yaml` replays it.
 */
export function caseScenario(c: ConformanceCase, system: SystemUnderTest): ScenarioInput {
  const node = (name: "primary" | "backup"): NodeInput => {
    const external = system.externalNodes?.[name];
    if (external) return { ...external };
    const base = CONFORMANCE_DEFAULTS.nodes[name];
    const own = c.nodes?.[name];
    return { ...base, ...own, overrides: { ...base.overrides, ...own?.overrides } };
  };
  return {
    name: `conformance-${c.id}`,
    duration: c.durationMs,
    seed: 1,
    nodes: { primary: node("primary"), backup: node("backup") },
    client: { order: ["primary", "backup"] },
    systems: [system.entry],
    load: { ...CONFORMANCE_DEFAULTS.load, ...c.load },
    attacks: [...c.attacks],
  };
}
