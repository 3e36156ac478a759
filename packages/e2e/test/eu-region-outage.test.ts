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
    refusedForResidency: number;
    violations: { attempts: number | null; requests: number | null; nodes: string[] } | null;
  }>;
  violationAttempts: number | null;
  failOpenAttempts: number;
}

/**
 * Plays the scenario with one system only (so the systems play side by side, not one after another: the wall time
 * of one pass, not three) and opens its events.db and summary.json.
 */
async function play(system: string, options: { allowFailOpen?: boolean } = {}) {
  const raw = parse(readFileSync(scenario, "utf8")) as Record<string, any>;
  raw.systems = raw.systems.filter((s: string | { name: string }) => (typeof s === "string" ? s : s.name) === system);
  for (const s of raw.systems) if (typeof s === "object") s.cwd = scenarios; // the copy lives elsewhere
  if (typeof raw.systems[0] === "string") raw.client.strategy = system;
  else delete raw.client.strategy;
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
  return { r, db, summary, markdown: readFileSync(join(runDir, "summary.md"), "utf8") };
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

const SYSTEMS = ["active-passive", "hedged", "faultline-gateway"];

describe("scenarios/eu-region-outage.yaml", () => {
  let closed: Array<Awaited<ReturnType<typeof play>>>;
  let open: Awaited<ReturnType<typeof play>>;

  beforeAll(async () => {
    [open, ...closed] = await Promise.all([
      play("active-passive", { allowFailOpen: true }),
      ...SYSTEMS.map((system) => play(system)),
    ]);
  }, 120_000);

  it("runs every system to the end", () => {
    for (const run of [...closed, open]) {
      expect(run.r.stderr).not.toMatch(/\n\s+at /);
      expect([0, 1], run.r.stderr).toContain(run.r.code);
    }
    expect(closed.map((c) => c.summary.passes.map((p) => p.strategy))).toEqual(SYSTEMS.map((s) => [s]));
  });

  it("sends no EU attempt to the US node, from faultline's strategies or its gateway, counted at the nodes", () => {
    SYSTEMS.forEach((strategy, i) => {
      const byNode = attemptsByNode(closed[i]!.db, strategy);
      expect(byNode["us-backup"]?.eu ?? 0, strategy).toBe(0);
      // Other traffic flowed on to the US node during the EU blackout, and EU traffic was served in the EU.
      expect(byNode["us-backup"]?.any ?? 0, strategy).toBeGreaterThan(0);
      expect((byNode["eu-primary"]?.eu ?? 0) + (byNode["eu-backup"]?.eu ?? 0), strategy).toBeGreaterThan(0);
      const eu = closed[i]!.summary.passes[0]!.residency!.classes.find((c) => c.residency === "eu")!;
      expect(eu.violations, strategy).toEqual({ attempts: 0, requests: 0, nodes: [] });
    });
  });

  it("pays for failing closed in EU availability, with the refusals counted and the rest of the traffic whole", () => {
    SYSTEMS.forEach((strategy, i) => {
      const { db, summary, markdown } = closed[i]!;
      const [any, eu] = ["any", "eu"].map((k) => summary.passes[0]!.residency!.classes.find((c) => c.residency === k)!);
      expect(any!.availability, strategy).toBe(1);
      expect(eu!.availability, strategy).toBeLessThan(1);
      expect(eu!.refusedForResidency, strategy).toBeGreaterThan(0);
      const refused = db.prepare("SELECT COUNT(*) AS n FROM requests WHERE error_class = 'residency'").get() as {
        n: number;
      };
      expect(eu!.refusedForResidency, strategy).toBe(refused.n);
      expect(markdown).toContain("## Residency");
    });
  });

  it("counts the violations of a fail-open configuration from the nodes, matching its fail-open events", () => {
    const leaked = attemptsByNode(open.db, "active-passive")["us-backup"]?.eu ?? 0;
    expect(leaked).toBeGreaterThan(0);
    const pass = open.summary.passes[0]!;
    const eu = pass.residency!.classes.find((c) => c.residency === "eu")!;
    expect(eu.violations).toMatchObject({ attempts: leaked, nodes: ["us-backup"] });
    expect(pass.residency!.violationAttempts).toBe(leaked);
    // Every attempt that left the EU was the client's recorded choice.
    expect(pass.residency!.failOpenAttempts).toBe(leaked);
    expect(eu.refusedForResidency).toBe(0);
  });
});
