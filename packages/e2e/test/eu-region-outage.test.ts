import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parse, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const scenarios = join(import.meta.dirname, "..", "..", "..", "scenarios");
const scenario = join(scenarios, "eu-region-outage.yaml");
// Five times shorter: the EU blackout (both EU nodes down) lasts 2 s of a 6 s pass.
const TIME_SCALE = "0.2";

interface ResidencyJson {
  classes: Array<{
    residency: string;
    requests: number;
    availability: number | null;
    duringAttacks: { requests: number; ok: number; availability: number | null };
    refusedForResidency: number;
    violations: { attempts: number | null; requests: number | null; nodes: string[] } | null;
  }>;
  violationAttempts: number | null;
  failOpenAttempts: number;
}

/**
 * Plays the scenario with the systems named (in one run, one pass after another) and opens its events.db and
 * summary.json. Two runs at once at most: an attack worker starved of CPU fires its faults late.
 */
async function play(systems: readonly string[], options: { allowFailOpen?: boolean } = {}) {
  const raw = parse(readFileSync(scenario, "utf8")) as Record<string, any>;
  const nameOf = (s: string | { name: string }) => (typeof s === "string" ? s : s.name);
  raw.systems = raw.systems.filter((s: string | { name: string }) => systems.includes(nameOf(s)));
  for (const s of raw.systems) if (typeof s === "object") s.cwd = scenarios; // the copy lives elsewhere
  raw.client.strategy = systems[0];
  Object.assign(raw.client.options, options);
  const folder = mkdtempSync(join(tmpdir(), "fl-residency-"));
  const file = join(folder, "eu-region-outage.yaml");
  writeFileSync(file, stringify(raw));
  const r = await runCli(["run", file, "--time-scale", TIME_SCALE, "--results", folder], { timeoutMs: 110_000 });
  const runDir = join(
    folder,
    readdirSync(folder).find((f) => !f.endsWith(".yaml"))!
  );
  const db = new Database(join(runDir, "events.db"), { readonly: true });
  const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as {
    passes: Array<{ strategy: string; residency: ResidencyJson | null }>;
  };
  return { r, db, summary, runDir, markdown: readFileSync(join(runDir, "summary.md"), "utf8") };
}

/** Attempts each node received, by the residency of their request, counted straight from node_attempts. */
function attemptsByNode(db: Database.Database, strategy: string): Record<string, { eu: number; any: number }> {
  const rows = db
    .prepare(
      `SELECT a.node AS node, COALESCE(r.residency, 'any') AS residency, COUNT(*) AS n
       FROM node_attempts a JOIN requests r ON r.pass_id = a.pass_id AND r.request_id = a.request_id
       WHERE r.strategy = ? GROUP BY 1, 2`
    )
    .all(strategy) as Array<{ node: string; residency: "eu" | "any"; n: number }>;
  const out: Record<string, { eu: number; any: number }> = {};
  for (const row of rows) (out[row.node] ??= { eu: 0, any: 0 })[row.residency] = row.n;
  return out;
}

// faultline's client (white box) and its gateway as an outside process (black box, residency in the header). The
// other strategies' filtering (hedges, breakers, panic mode) is checked in client/src/routing/residency-filter.test.ts.
const SYSTEMS = ["active-passive", "faultline-gateway"];

const classOf = (pass: { residency: ResidencyJson | null }, key: string) =>
  pass.residency!.classes.find((c) => c.residency === key)!;

describe("scenarios/eu-region-outage.yaml", () => {
  let closed: Awaited<ReturnType<typeof play>>;
  let open: Awaited<ReturnType<typeof play>>;

  beforeAll(async () => {
    [closed, open] = await Promise.all([play(SYSTEMS), play(["active-passive"], { allowFailOpen: true })]);
  }, 120_000);

  it("runs every system to the end, with every attack fired", () => {
    for (const run of [closed, open]) {
      expect(run.r.stderr).not.toMatch(/\n\s+at /);
      expect([0, 1], run.r.stderr).toContain(run.r.code);
      const late = run.db.prepare("SELECT COUNT(*) AS n FROM attacks WHERE start_ms IS NULL OR start_ms > 3000").get();
      expect(late, "an attack fired after the EU blackout it makes").toEqual({ n: 0 });
    }
    expect(closed.summary.passes.map((p) => p.strategy)).toEqual(SYSTEMS);
  });

  it("sends no EU attempt to the US node, from faultline's client or its gateway, counted at the nodes", () => {
    for (const strategy of SYSTEMS) {
      const byNode = attemptsByNode(closed.db, strategy);
      expect(byNode["us-backup"]?.eu ?? 0, strategy).toBe(0);
      // Other traffic flowed on to the US node during the EU blackout, and EU traffic was served in the EU.
      expect(byNode["us-backup"]?.any ?? 0, strategy).toBeGreaterThan(0);
      expect((byNode["eu-primary"]?.eu ?? 0) + (byNode["eu-backup"]?.eu ?? 0), strategy).toBeGreaterThan(0);
      const pass = closed.summary.passes.find((p) => p.strategy === strategy)!;
      expect(classOf(pass, "eu").violations, strategy).toEqual({ attempts: 0, requests: 0, nodes: [] });
    }
  });

  it("pays for failing closed in EU availability during the attacks, with the refusals counted", () => {
    for (const pass of closed.summary.passes) {
      const [any, eu] = [classOf(pass, "any"), classOf(pass, "eu")];
      // The rest of the traffic fails over to the US node; EU traffic has nowhere to go.
      expect(eu.duringAttacks.availability!, pass.strategy).toBeLessThan(any.duringAttacks.availability!);
      expect(eu.refusedForResidency, pass.strategy).toBeGreaterThan(0);
      const refused = closed.db
        .prepare("SELECT COUNT(*) AS n FROM requests WHERE strategy = ? AND error_class = 'residency'")
        .get(pass.strategy) as { n: number };
      expect(eu.refusedForResidency, pass.strategy).toBe(refused.n);
    }
    expect(closed.markdown).toContain("## Residency");
  });

  it("counts the violations of a fail-open configuration from the nodes, each one a recorded fail-open choice", () => {
    const leaked = attemptsByNode(open.db, "active-passive")["us-backup"]?.eu ?? 0;
    expect(leaked).toBeGreaterThan(0);
    const pass = open.summary.passes[0]!;
    const eu = classOf(pass, "eu");
    expect(eu.violations).toMatchObject({ attempts: leaked, nodes: ["us-backup"] });
    expect(pass.residency!.violationAttempts).toBe(leaked);
    // A choice is recorded when the attempt is routed; the breaker or the deadline may stop it before the node.
    expect(pass.residency!.failOpenAttempts).toBeGreaterThanOrEqual(leaked);
    expect(eu.refusedForResidency).toBe(0);
  });

  it("leaves the gateway's own routing ledger, which verifies and names the runner's request ids", async () => {
    const systems = join(closed.runDir, "systems");
    const folder = readdirSync(systems).find((f) => f.startsWith("faultline-gateway-"))!;
    const ledger = join(systems, folder, "ledger.db");
    const verified = await runCli(["audit", "verify", ledger]);
    expect(verified.code, verified.stderr).toBe(0);
    const records = new Database(ledger, { readonly: true });
    const sample = records
      // Warm-up requests (ids fl-0-*) pass through the gateway too, before the pass and its requests table.
      .prepare(
        "SELECT request_id AS id, record FROM ledger WHERE request_id NOT LIKE 'fl-0-%' " +
          `AND record LIKE '%"residency":"eu"%' LIMIT 1`
      )
      .get() as { id: string; record: string };
    records.close();
    // The gateway's decision for an EU request set the US node aside for residency.
    const filters = JSON.parse(sample.record).filters as Array<{ filter: string }>;
    expect(filters.find((f) => f.filter === "residency")).toEqual({ filter: "residency", removed: ["us-backup"] });
    const sent = closed.db.prepare("SELECT COUNT(*) AS n FROM requests WHERE request_id = ?").get(sample.id);
    expect(sent).toEqual({ n: 1 });
  });
});
