import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

// The shipped side-by-side scenario, at a fifth of its length (the example-scenarios tests leave it to this file). At
// 0.15 the 1.5 s outage was about as long as the openai SDK's two retries with their backoff (0.375-0.5 s, then
// 0.75-1 s, plus each attempt), so on a busy machine its requests could ride the outage out and leave it no MTTR to
// measure; the 2 s outage here outlasts them.
const scenario = join(import.meta.dirname, "..", "..", "..", "scenarios", "gateways-side-by-side.yaml");

interface BlackBoxIncident {
  attackId: string;
  detectMs: number | null;
  rerouteMs: number | null;
  failoverMs: number | null;
  peakAmplification: number | null;
}
interface Pass {
  strategy: string;
  view: string;
  requests: { total: number; ok: number };
  incidents: Array<{
    attackId: string;
    timeToDetectMs: number | null;
    timeToFailoverMs: number | null;
    mttrMs: number | null;
  }>;
  blackBox: {
    attemptsPerRequest: number;
    maxAttemptsPerRequest: number;
    requestsNoNodeSaw: number;
    servedBy: Record<string, number>;
    incidents: BlackBoxIncident[];
    text: { checked: number; matching: number; spliced: number; mismatched: number } | null;
  } | null;
}

describe("faultline run with Portkey, faultline's gateway and the openai SDK as systems under test", () => {
  let result: { code: number | null; stdout: string; stderr: string };
  let db: Database.Database;
  let passes: Pass[];
  const pass = (name: string) => passes.find((p) => p.strategy === name)!;
  const incident = (name: string, id: string) => pass(name).blackBox!.incidents.find((i) => i.attackId === id)!;
  const passId = (name: string) =>
    (db.prepare("SELECT id FROM passes WHERE strategy = ?").get(name) as { id: number }).id;

  beforeAll(async () => {
    const results = mkdtempSync(join(tmpdir(), "fl-e2e-systems-"));
    result = await runCli(["run", scenario, "--time-scale", "0.2", "--results", results], { timeoutMs: 240_000 });
    const runDir = join(results, readdirSync(results)[0]!);
    db = new Database(join(runDir, "events.db"), { readonly: true });
    passes = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")).passes;
  }, 260_000);

  it("plays one pass per system and finishes cleanly", () => {
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(passes.map((p) => [p.strategy, p.view])).toEqual([
      ["active-passive", "white-box"],
      ["faultline-gateway", "black-box"],
      ["portkey", "black-box"],
      ["openai-sdk", "black-box"],
    ]);
    expect(db.prepare("SELECT DISTINCT status FROM passes").all()).toEqual([{ status: "complete" }]);
  });

  it("logs node-side attempts for every request, whatever sits between the caller and the nodes", () => {
    for (const p of passes) {
      const unseen = db
        .prepare(
          `SELECT COUNT(*) AS n FROM requests r WHERE r.pass_id = ? AND NOT EXISTS
        (SELECT 1 FROM node_attempts a WHERE a.pass_id = r.pass_id AND a.request_id = r.request_id)`
        )
        .get(passId(p.strategy)) as { n: number };
      expect(unseen.n, p.strategy).toBe(0);
      expect(p.blackBox!.requestsNoNodeSaw, p.strategy).toBe(0);
    }
  });

  it("gives black-box detection, failover and MTTR for each system in the outage", () => {
    for (const name of ["active-passive", "faultline-gateway"]) {
      const o = incident(name, "outage");
      // The breaker opens on the first failures; new requests then go to the backup.
      expect(o.detectMs, name).not.toBeNull();
      expect(o.detectMs!, name).toBeLessThan(1_000);
      expect(o.failoverMs!, name).toBeLessThan(1_000);
    }
    // Portkey never routes away: it tries the primary first every time and falls back per request.
    expect(incident("portkey", "outage").detectMs).toBeNull();
    expect(incident("portkey", "outage").failoverMs!).toBeLessThan(1_000);
    // The SDK has one endpoint: nothing to fail over to, so the outage is downtime with an MTTR.
    expect(incident("openai-sdk", "outage").failoverMs).toBeNull();
    expect(pass("openai-sdk").incidents.find((i) => i.attackId === "outage")!.mttrMs!).toBeGreaterThan(1_000);
  });

  it("counts retry amplification: Portkey pays two attempts a request in the outage, the SDK three", () => {
    // Portkey's, per request from what the nodes saw: each request whose first attempt met the disabled primary went
    // on to the backup. Its per-second peak is not held to 2: on a busy machine Portkey forwarded requests up to 2.9 s
    // late in the outage, which spreads their attempts over the seconds after it (a peak of 1.51 in one clean-clone
    // CI run, where every one of its 66 requests that met the outage still paid two attempts).
    const met = db
      .prepare(
        `SELECT COUNT(*) AS n, SUM((SELECT COUNT(*) FROM node_attempts b
           WHERE b.pass_id = a.pass_id AND b.request_id = a.request_id)) AS attempts
         FROM node_attempts a WHERE a.pass_id = ? AND a.node = 'primary' AND a.status = 503
           AND a.arrived_ms = (SELECT MIN(c.arrived_ms) FROM node_attempts c
             WHERE c.pass_id = a.pass_id AND c.request_id = a.request_id)`
      )
      .get(passId("portkey")) as { n: number; attempts: number };
    expect(met.n).toBeGreaterThan(20);
    expect(met.attempts).toBe(2 * met.n);
    expect(incident("faultline-gateway", "outage").peakAmplification!).toBeLessThan(1.5);
    expect(pass("openai-sdk").blackBox!.maxAttemptsPerRequest).toBe(3);
    expect(incident("openai-sdk", "outage").peakAmplification!).toBeGreaterThanOrEqual(2);
  });

  it("counts Portkey's cut streams as failures even though it answered them with a 200", () => {
    // The cut stops streams after their eighth token; Portkey answers them 200 and ends the body there.
    const cut = db
      .prepare(
        "SELECT COUNT(*) AS n FROM requests WHERE pass_id = ? AND stream = 1 AND status = 200 AND " +
          "ok = 0 AND error_class = 'stream_cut'"
      )
      .get(passId("portkey")) as { n: number };
    expect(cut.n).toBeGreaterThan(0);
  });

  it("checks each black box's answers against the text the nodes generated", () => {
    for (const name of ["faultline-gateway", "portkey", "openai-sdk"]) {
      const text = pass(name).blackBox!.text!;
      expect(text.checked, name).toBe(pass(name).requests.ok);
      expect(text.mismatched, name).toBe(0);
      expect(text.matching + text.spliced, name).toBe(text.checked);
    }
  });

  it("agrees with faultline's white-box active-passive figures within 150 ms on detection, 50 ms on failover", () => {
    const white = pass("active-passive").incidents.find((i) => i.attackId === "outage")!;
    const black = incident("active-passive", "outage");
    expect(Math.abs(black.detectMs! - white.timeToDetectMs!)).toBeLessThanOrEqual(150);
    expect(Math.abs(black.failoverMs! - white.timeToFailoverMs!)).toBeLessThanOrEqual(50);
  });
});
