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

// What faultline's gateway (examples/systems/faultline-gateway.yaml, --endpoint flags only) does today, on
// four cases played at once (one round, to keep this test short; docs/conformance.md has the whole catalogue).
// Issue 15's gateway work turns these into pass: error-500-once (retry the same endpoint once) and stream-cut
// (resume mid-answer: the --endpoint flags cannot set supportsPrefill).
const TODAY: Record<string, string> = {
  "context-length-exceeded": "pass",
  "retry-amplification-outage": "pass",
  "error-500-once": "partial",
  "stream-cut": "safe",
};

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
        ...["--system", system("faultline-gateway"), "--cases", Object.keys(TODAY).join(",")],
        ...["--required", "context-length-exceeded,stream-cut", "--concurrency", "4"],
        ...["--results", results, "--json", "--junit", junitFile],
      ],
      { timeoutMs: 120_000 }
    );
    card = JSON.parse(result.stdout) as Scorecard;
    junit = readFileSync(junitFile, "utf8");
  }, 130_000);

  it("gives each case the verdict the gateway earns today, and exits 0 when no required case fails", () => {
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(Object.fromEntries(card.cases.map((c) => [c.id, c.verdict]))).toEqual(TODAY);
    expect(result.code).toBe(0);
    expect(card.requiredFailed).toEqual([]);
  });

  it("grades from events.db: a refused request reached one node once, and a 500 sent the request to the backup", () => {
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
    const moved = blip
      .prepare(
        `SELECT COUNT(*) AS n FROM node_attempts a JOIN node_attempts b ON a.request_id = b.request_id
         WHERE a.node = 'primary' AND a.status = 500 AND b.node = 'backup' AND b.status = 200
           AND b.arrived_ms >= a.end_ms`
      )
      .get() as { n: number };
    expect(moved.n).toBeGreaterThan(0);
    expect(verdict("error-500-once").reason).toMatch(/nodes saw primary 500, backup 200/);
  });

  it("bounds the upstream attempts of each request while both nodes are down", () => {
    const outage = db(verdict("retry-amplification-outage").runDir!);
    const worst = outage
      .prepare("SELECT MAX(n) AS worst FROM (SELECT COUNT(*) AS n FROM node_attempts GROUP BY request_id)")
      .get() as { worst: number };
    expect(worst.worst).toBeLessThanOrEqual(3);
  });

  it("writes JUnit XML, scorecard.json and an HTML section into the conformance run folder", () => {
    expect(junit).toMatch(/<testsuites name="faultline conformance" tests="4" failures="0" skipped="0"/);
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
      "a required case that needs a persona",
      ["--system", "active-passive", "--required", "overloaded-529"],
      /--required: case "overloaded-529" needs the anthropic persona/,
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
