import { Gauge, type Registry } from "prom-client";
import type { ActiveFaults } from "./faults/active-faults.js";
import { FAULT_KINDS } from "./faults/registry.js";

/**
 * Registers the gauges that say which faults are applied: a total and one
 * series per fault kind (0 when none of that kind is active, so a dashboard
 * sees the fault start as a step rather than a series appearing from nothing).
 * `prefix` keeps a proxy's own names apart from a faultline node's behind it,
 * whose /metrics the proxy serves on the same page.
 */
export function registerFaultMetrics(registry: Registry, faults: ActiveFaults, prefix: string): void {
  new Gauge({
    name: `${prefix}_faults_active`,
    help: "Faults currently applied.",
    registers: [registry],
    collect() {
      this.set(faults.describe().length);
    },
  });
  new Gauge({
    name: `${prefix}_fault_active`,
    help: "Faults currently applied, by kind.",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      const counts = new Map<string, number>();
      for (const kind of FAULT_KINDS.keys()) counts.set(kind, 0);
      for (const f of faults.describe()) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
      for (const [kind, n] of counts) this.set({ kind }, n);
    },
  });
}
