import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const root = join(import.meta.dirname, "..", "..", "..");
const system = (name: string) => join(root, "examples", "systems", `${name}.yaml`);

interface CaseResult {
  id: string;
  verdict: string;
  reason: string;
  required: boolean;
  requests: number;
  runDir: string | null;
}
interface Scorecard {
  system: string;
  dir: string;
  cases: CaseResult[];
  requiredFailed: string[];
}

// faultline's gateway (examples/systems/faultline-gateway.yaml, --endpoint flags only, default options) passes every
// case of the catalogue (docs/conformance.md, bench/peers-conformance.mjs). These eight, two rounds of four, cover
// each group, the provider personas and the gateway's issue-15 behaviours (retry in place, shedding, resume), and
// are all required: one that is not pass fails this test.
const CASES = [
  "quota-429-not-retried",
  "error-500-once",
  "stream-cut",
  "midstream-424",
  "keepalive-pings",
  "context-length-exceeded",
  "retry-amplification-outage",
  "thundering-herd-backup",
];

const db = (runDir: string) => new Database(join(runDir, "events.db"), { readonly: true });

describe("faultline conformance against faultline's gateway", () => {
  let result: { code: number | null; stdout: string; stderr: string };
  let card: Scorecard;
  let junit: string;
  const verdict = (id: string) => card.cases.find((c) => c.id === id)!;

  beforeAll(async () => {
    const results = mkdtempSync(join(tmpdir(), "fl-e2e-conformance-"));
    const junitFile = join(results, "junit.xml");
    result = await runCli(
      [
        "conformance",
        ...["--system", system("faultline-gateway"), "--cases", CASES.join(",")],
        ...["--required", "all", "--concurrency", "4"],
        ...["--results", results, "--json", "--junit", junitFile],
      ],
      { timeoutMs: 120_000 }
    );
    card = JSON.parse(result.stdout) as Scorecard;
    junit = readFileSync(junitFile, "utf8");
  }, 130_000);

  it("passes every case, and exits 0 with all of them required", () => {
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const passes = Object.fromEntries(CASES.map((id) => [id, "pass"]));
    expect(Object.fromEntries(card.cases.map((c) => [c.id, c.verdict])), JSON.stringify(card.cases)).toEqual(passes);
    expect(result.code).toBe(0);
    expect(card.requiredFailed).toEqual([]);
  });

  it("grades from events.db: a refused request reached one node once, and a 500 was retried on its node", () => {
    const refused = db(verdict("context-length-exceeded").runDir!);
    const r = refused.prepare("SELECT COUNT(*) AS n, SUM(status = 400) AS refused FROM requests").get() as {
      n: number;
      refused: number;
    };
    const a = refused.prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT request_id) AS requests FROM node_attempts").get();
    expect(r.n).toBeGreaterThan(20);
    expect(r.refused).toBe(r.n);
    expect(a).toEqual({ n: r.n, requests: r.n });
    expect(verdict("context-length-exceeded").requests).toBe(r.n);

    const blip = db(verdict("error-500-once").runDir!);
    // The attempt right after each request's first 500 (a second 500 in a row may then go to the backup), and
    // whether the primary's last three finished attempts before it had all failed, when its breaker may open.
    const again = blip
      .prepare(
        `WITH first AS (SELECT request_id, MIN(arrived_ms) AS at FROM node_attempts WHERE status = 500 GROUP BY 1),
         next AS (SELECT b.node, b.arrived_ms AS at FROM first f JOIN node_attempts b ON b.request_id = f.request_id
           AND b.arrived_ms = (SELECT MIN(arrived_ms) FROM node_attempts c
             WHERE c.request_id = f.request_id AND c.arrived_ms > f.at)),
         judged AS (SELECT node, (SELECT COUNT(*) = 3 AND SUM(status >= 500 OR status = 0) = 3
           FROM (SELECT status FROM node_attempts p WHERE p.node = 'primary' AND p.end_ms <= next.at
             ORDER BY p.end_ms DESC LIMIT 3)) AS tripped FROM next)
         SELECT COUNT(*) AS n, SUM(node = 'primary' OR tripped) AS same FROM judged`
      )
      .get() as { n: number; same: number };
    expect(again.n).toBeGreaterThan(0);
    expect(again.same).toBe(again.n);
  });

  it("never retries a quota 429 where it was sent, and resumes a stream broken by a 424 on the backup", () => {
    const quota = db(verdict("quota-429-not-retried").runDir!);
    const q = quota
      .prepare(
        `SELECT COUNT(*) AS limited, (SELECT COUNT(*) FROM node_attempts a JOIN node_attempts b
           ON a.request_id = b.request_id AND b.arrived_ms >= a.end_ms AND b.node = 'primary'
           WHERE a.node = 'primary' AND a.status = 429) AS retried
         FROM node_attempts WHERE node = 'primary' AND status = 429`
      )
      .get() as { limited: number; retried: number };
    expect(q.limited).toBeGreaterThan(0);
    expect(q.retried).toBe(0);

    const broken = db(verdict("midstream-424").runDir!);
    const m = broken
      .prepare(
        `SELECT COUNT(*) AS cut, SUM(EXISTS (SELECT 1 FROM node_attempts b WHERE b.request_id = a.request_id
           AND b.node = 'backup' AND b.outcome = 'complete')) AS resumed
         FROM node_attempts a WHERE a.node = 'primary' AND a.outcome = 'cut'`
      )
      .get() as { cut: number; resumed: number };
    expect(m.cut).toBeGreaterThan(0);
    expect(m.resumed).toBe(m.cut);
  });

  it("bounds the upstream attempts while both nodes are down, and sheds an overloaded backup's overflow fast", () => {
    const outage = db(verdict("retry-amplification-outage").runDir!);
    const worst = outage
      .prepare("SELECT MAX(n) AS worst FROM (SELECT COUNT(*) AS n FROM node_attempts GROUP BY request_id)")
      .get() as { worst: number };
    expect(worst.worst).toBeLessThanOrEqual(3);

    const herd = db(verdict("thundering-herd-backup").runDir!);
    const h = herd
      .prepare(
        `SELECT SUM(ok = 0) AS shed, MAX(CASE WHEN ok = 0 THEN end_ms - start_ms END) AS slowestShedMs,
           (SELECT COUNT(*) FROM node_attempts WHERE node = 'backup' AND status = 200) AS servedByBackup
         FROM requests`
      )
      .get() as { shed: number; slowestShedMs: number; servedByBackup: number };
    expect(h.shed).toBeGreaterThan(0);
    expect(h.slowestShedMs).toBeLessThan(3000);
    expect(h.servedByBackup).toBeGreaterThan(0);
  });

  it("writes JUnit XML, scorecard.json and an HTML section into the conformance run folder", () => {
    expect(junit).toMatch(/<testsuites name="faultline conformance" tests="8" failures="0" skipped="0"/);
    expect(junit).toMatch(/<testcase classname="conformance.stream faults" name="stream-cut"/);
    expect(existsSync(join(card.dir, "scorecard.json"))).toBe(true);
    const html = readFileSync(join(card.dir, "report.html"), "utf8");
    expect(html).toMatch(/<section id="conformance"><h2>Conformance: faultline-gateway<\/h2>/);
    expect(html).toMatch(/id="case-stream-cut"/);
  });
});

describe("faultline conformance against Portkey", () => {
  it("fails a required case when a cut stream reaches the caller as a success, and exits 1", async () => {
    const results = mkdtempSync(join(tmpdir(), "fl-e2e-conformance-portkey-"));
    const r = await runCli(
      [
        "conformance",
        "--system",
        system("portkey"),
        "--cases",
        "stream-cut",
        "--required",
        "stream-cut",
        "--results",
        results,
      ],
      { timeoutMs: 60_000 }
    );
    expect(r.stdout).toMatch(
      /^stream-cut \*\s+fail\s+\d+ wrong or truncated answer\(s\) reached the caller as a success/m
    );
    expect(r.stdout).toMatch(/required cases that failed: stream-cut/);
    expect(r.code).toBe(1);
  });
});

describe("faultline conformance on bad input", () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      "a system that is neither a strategy, a file nor a URL",
      ["--system", "portkey"],
      /--system: "portkey" is not a strategy, a file or a URL; give a faultline strategy [\s\S]*\(FAULTLINE_CONFORMANCE_SYSTEM_INVALID\)/,
    ],
    [
      "an unknown case",
      ["--system", "active-passive", "--cases", "stream-cutt"],
      /--cases: no case "stream-cutt" \(did you mean "stream-cut"\?\)[\s\S]*\(FAULTLINE_CONFORMANCE_CASE_INVALID\)/,
    ],
    [
      "a required case that is not played",
      ["--system", "active-passive", "--cases", "stream-cut", "--required", "no-response"],
      /--required: case "no-response" is not among --cases; add it there or drop it from --required/,
    ],
  ];
  for (const [what, args, message] of cases)
    // Concurrent: three short CLI starts that share nothing.
    it.concurrent(`rejects ${what} with exit status 2, before anything runs`, async () => {
      const results = mkdtempSync(join(tmpdir(), "fl-e2e-conformance-bad-"));
      const r = await runCli(["conformance", ...args, "--results", results]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
});
