import { Gauge, type Registry } from "prom-client";
import type { PassView } from "./pass-view.js";

const BREAKER_VALUE: Record<string, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * Gauges read from the pass in progress at scrape time: the load's progress,
 * the attack ledger, and each endpoint's routing state. Between passes they
 * show nothing, rather than the last pass's stale state.
 */
export function registerPassGauges(registry: Registry, pass: () => PassView | null): void {
  const registers = [registry];
  const gauge = (name: string, help: string, labelNames: string[], read: (g: Gauge, p: PassView) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        const p = pass();
        if (p) read(this, p);
      },
    });
  gauge("faultline_run_requests_sent", "Load requests sent so far in the pass", ["system"], (g, p) =>
    g.set({ system: p.system }, p.load.sent)
  );
  gauge("faultline_run_requests_in_flight", "Load requests sent and not yet answered", ["system"], (g, p) =>
    g.set({ system: p.system }, p.load.inFlight())
  );
  gauge("faultline_run_pass_progress_ratio", "Share of the pass's timeline played (0 to 1)", ["system"], (g, p) =>
    g.set({ system: p.system }, Math.min(1, p.elapsedMs() / p.durationMs))
  );
  gauge(
    "faultline_run_attack_active",
    "Attacks in effect now, by fault and target (0 for every planned one not in effect)",
    ["system", "fault", "target"],
    (g, p) => {
      const active = new Map<string, number>();
      for (const a of p.planned) active.set(`${a.fault}@${a.target}`, 0);
      for (const a of p.attacks.activeAttacks()) active.set(a, (active.get(a) ?? 0) + 1);
      for (const [key, n] of active) {
        const at = key.lastIndexOf("@");
        g.set({ system: p.system, fault: key.slice(0, at), target: key.slice(at + 1) }, n);
      }
    }
  );
  gauge(
    "faultline_run_attacks",
    "The attack ledger: attacks planned, applied, reverted, verified reverted, skipped (target down) and failed so far",
    ["system", "state"],
    (g, p) => {
      const l = p.attacks.ledger;
      const count = (f: (e: (typeof l)[number]) => boolean) => l.filter(f).length;
      g.set({ system: p.system, state: "planned" }, p.planned.length);
      // The ledger holds attacks that have ended; the ones in effect now were applied too.
      g.set({ system: p.system, state: "applied" }, count((e) => e.applied) + p.attacks.activeAttacks().length);
      g.set(
        { system: p.system, state: "reverted" },
        count((e) => e.reverted)
      );
      g.set(
        { system: p.system, state: "verified" },
        count((e) => e.verified)
      );
      g.set(
        { system: p.system, state: "skipped" },
        count((e) => e.skipped)
      );
      g.set(
        { system: p.system, state: "failed" },
        count((e) => !e.applied && !e.skipped)
      );
    }
  );
  gauge(
    "faultline_run_endpoint_healthy",
    "1 when the client sees the endpoint healthy",
    ["system", "endpoint"],
    (g, p) => {
      for (const e of p.target.endpointStates()) g.set({ system: p.system, endpoint: e.name }, e.healthy ? 1 : 0);
    }
  );
  gauge(
    "faultline_run_breaker_state",
    "The client's breaker per endpoint: 0 closed, 1 half-open, 2 open",
    ["system", "endpoint"],
    (g, p) => {
      for (const e of p.target.endpointStates())
        g.set({ system: p.system, endpoint: e.name }, BREAKER_VALUE[e.breaker] ?? -1);
    }
  );
  gauge("faultline_run_node_ready", "1 while a node the run manages is up", ["node"], (g, p) => {
    for (const n of p.nodes) g.set({ node: n.name }, n.isReady() ? 1 : 0);
  });
}
