import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const scenario = join(import.meta.dirname, "..", "..", "..", "scenarios", "degradation-tiers.yaml");

interface TierJson {
  requests: number;
  qualityWeightedAvailability: number;
  availability: number;
  tiers: Array<{ tier: string; answers: number; share: number; quality: number; timeMs: number }>;
  unservedMs: number;
}

describe("scenarios/degradation-tiers.yaml, five times shorter", () => {
  let db: Database.Database;
  let tiers: TierJson;
  let markdown: string;

  beforeAll(async () => {
    const results = mkdtempSync(join(tmpdir(), "fl-tiers-"));
    const r = await runCli(["run", scenario, "--time-scale", "0.2", "--results", results], { timeoutMs: 110_000 });
    expect([0, 1], r.stderr).toContain(r.code);
    const runDir = join(results, readdirSync(results)[0]!);
    db = new Database(join(runDir, "events.db"), { readonly: true });
    tiers = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")).passes[0].tiers;
    markdown = readFileSync(join(runDir, "summary.md"), "utf8");
  }, 120_000);

  it("gives quality-weighted availability matching the raw rows and the nodes' declared quality", () => {
    const raw = db
      .prepare(
        `SELECT COUNT(*) AS requests, SUM(r.ok) AS ok,
                SUM(CASE WHEN r.ok = 1 AND r.served_by = 'primary' THEN 1.0
                         WHEN r.ok = 1 AND r.served_by = 'small' THEN 0.8 ELSE 0 END) AS weight
         FROM requests r`
      )
      .get() as { requests: number; ok: number; weight: number };
    expect(tiers.requests).toBe(raw.requests);
    expect(tiers.availability).toBeCloseTo(raw.ok / raw.requests, 6);
    expect(tiers.qualityWeightedAvailability).toBeCloseTo(raw.weight / raw.requests, 6);
    // The walk went down to the degraded tier and it cost quality.
    expect(tiers.qualityWeightedAvailability).toBeLessThan(tiers.availability);
  });

  it("counts answers and time at each tier, full and degraded both led for a while", () => {
    const byNode = Object.fromEntries(
      (
        db.prepare("SELECT served_by AS node, COUNT(*) AS n FROM requests WHERE ok = 1 GROUP BY 1").all() as Array<{
          node: string;
          n: number;
        }>
      ).map((r) => [r.node, r.n])
    );
    const [full, degraded] = ["full", "degraded"].map((t) => tiers.tiers.find((x) => x.tier === t)!);
    expect(full!.answers).toBe(byNode["primary"]);
    expect(degraded!.answers).toBe(byNode["small"]);
    expect(degraded!.quality).toBe(0.8);
    expect(full!.timeMs).toBeGreaterThan(0);
    expect(degraded!.timeMs).toBeGreaterThan(0);
    expect(markdown).toContain("## Degradation tiers");
  });

  it("never sends a minTier: full request to the degraded node, counted at the nodes", () => {
    const onSmall = db
      .prepare(
        `SELECT COUNT(*) AS n FROM node_attempts a JOIN requests r ON r.request_id = a.request_id
         WHERE r.request_class = 'full-only' AND a.node = 'small'`
      )
      .get() as { n: number };
    expect(onSmall.n).toBe(0);
    const chatOnSmall = db
      .prepare(
        `SELECT COUNT(*) AS n FROM node_attempts a JOIN requests r ON r.request_id = a.request_id
         WHERE r.request_class = 'chat' AND a.node = 'small'`
      )
      .get() as { n: number };
    expect(chatOnSmall.n).toBeGreaterThan(0);
  });
});
