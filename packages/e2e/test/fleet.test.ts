import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeSummary } from "@faultline/analytics";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const fleetFile = join(import.meta.dirname, "fleets", "two-providers.yaml");

describe("a fleet month played live", () => {
  it("exports the p95 month, runs it, compares predicted with measured, and calibrates from the run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fl-fleet-"));
    const out = join(dir, "fleet");
    // 10-day month at 1 h = 20 ms: a 4.8 s scenario.
    const sim = await runCli(
      [
        "fleet",
        fleetFile,
        "--months",
        "2000",
        "--threads",
        "0",
        "--out",
        out,
        "--export-month",
        "p95",
        "--time-scale",
        "1h=20ms",
      ],
      { timeoutMs: 60_000 }
    );
    expect(sim.code, sim.stderr).toBe(0);
    expect(sim.stdout).toContain("closed form 1 − Π(1 − Aᵢ)");
    const scenario = join(out, "month-p95.yaml");
    const text = readFileSync(scenario, "utf8");
    const prediction = JSON.parse(
      text
        .split("\n")
        .find((l) => l.startsWith("# faultline-fleet-prediction: "))!
        .slice(30)
    );
    expect(prediction.percentile).toBe(0.95);
    expect(text).toMatch(/target: alpha-default-global/);

    const run = await runCli(["run", scenario, "--results", dir], { timeoutMs: 60_000 });
    expect([0, 1], run.stderr).toContain(run.code);
    const runDir = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith("e2e-two-p95-month"))!
    );
    const db = new Database(join(runDir, "events.db"), { readonly: true });
    const t = db.prepare("SELECT COUNT(*) AS total, SUM(ok) AS ok FROM requests").get() as {
      total: number;
      ok: number;
    };
    const planned = (db.prepare("SELECT planned_ms AS p FROM passes").get() as { p: number }).p;
    const injected = (db.prepare("SELECT COUNT(*) AS n FROM attacks WHERE start_ms IS NOT NULL").get() as { n: number })
      .n;
    db.close();
    expect(injected).toBe((text.match(/^ {2}- \{ id:/gm) ?? []).length);

    const check = await runCli(["fleet-check", runDir, "--json"]);
    expect(check.code, check.stderr).toBe(0);
    const c = JSON.parse(check.stdout);
    expect(c.prediction).toEqual(prediction);
    // Measured error-weighted downtime: the failed share of the requests in events.db over the pass's planned length.
    expect(c.measured[0].downtimeMs).toBeCloseTo(((t.total - t.ok) / t.total) * planned, 6);
    expect(check.stdout).not.toContain("NaN");

    const cal = await runCli([
      "fleet",
      fleetFile,
      "--months",
      "500",
      "--threads",
      "0",
      "--out",
      join(dir, "cal"),
      "--calibrate",
      runDir,
    ]);
    const summary = computeSummary(join(runDir, "events.db"));
    const detect = summary.passes[0]!.incidents.map((i) => i.timeToDetectMs).filter((x): x is number => x !== null);
    if (cal.code === 0) {
      const shown = /detection (\d+) ms/.exec(cal.stdout);
      const sorted = detect.sort((a, b) => a - b);
      const mid =
        sorted.length % 2
          ? sorted[(sorted.length - 1) / 2]!
          : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
      expect(Number(shown![1])).toBe(Math.round(mid));
    } else {
      // A run that lacks a figure says which, with exit 2.
      expect(cal.code).toBe(2);
      expect(cal.stderr).toMatch(/--calibrate .*: missing (detection latency|failover success|failback time)/);
      expect(cal.stderr).toContain("FAULTLINE_FLEET_CALIBRATION_MISSING");
    }
  }, 60_000);
});
