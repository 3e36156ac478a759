import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const scenario = join(import.meta.dirname, "scenarios", "hard-fault.yaml");

describe("faultline run on a hard fault of the primary", () => {
  let result: { code: number | null; stdout: string; stderr: string };
  let runDir: string;
  let runFolderShown: string;
  let junit: string;
  let db: Database.Database;
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

  beforeAll(async () => {
    // Run from a fresh folder with the default-style relative --results, as the Quickstart does.
    const cwd = mkdtempSync(join(tmpdir(), "fl-e2e-"));
    const results = join(cwd, "results");
    result = await runCli(["run", scenario, "--results", "results", "--junit", "junit.xml"], {
      timeoutMs: 90_000,
      cwd,
    });
    junit = readFileSync(join(cwd, "junit.xml"), "utf8");
    const [dir] = readdirSync(results);
    runDir = join(results, dir!);
    runFolderShown = join("results", dir!);
    db = new Database(join(runDir, "events.db"), { readonly: true });
  }, 120_000);

  it("exits 0 because active-passive met the availability SLO, and writes every artefact", () => {
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code, result.stderr).toBe(0);
    for (const f of ["events.db", "summary.json", "report.html"]) expect(existsSync(join(runDir, f)), f).toBe(true);
    // The folder is shown relative to where the user stands, ready for `faultline report <run>`.
    expect(result.stdout).toContain(`run folder: ${runFolderShown}\n`);
    const charts = readdirSync(join(runDir, "charts"));
    expect(charts.some((c) => c.endsWith(".svg"))).toBe(true);
    expect(charts.some((c) => c.endsWith(".png"))).toBe(true);
  });

  it("records both passes as complete, each with about 1,200 requests on the open-model schedule", () => {
    const passes = db.prepare("SELECT id, strategy, status FROM passes ORDER BY id").all() as Array<{
      id: number;
      strategy: string;
      status: string;
    }>;
    expect(passes.map((p) => [p.strategy, p.status])).toEqual([
      ["none", "complete"],
      ["active-passive", "complete"],
    ]);
    for (const p of passes) {
      const n = count("SELECT COUNT(*) AS n FROM requests WHERE pass_id = ?", p.id);
      expect(n).toBeGreaterThan(1000);
      expect(n).toBeLessThan(1400);
    }
  });

  it("loses no client request under active-passive while the primary is down", () => {
    const failed = count("SELECT COUNT(*) AS n FROM requests WHERE strategy = 'active-passive' AND ok = 0");
    expect(failed).toBe(0);
    const servedByBackup = count(
      "SELECT COUNT(*) AS n FROM requests WHERE strategy = 'active-passive' AND served_by = " +
        "'backup' AND start_ms BETWEEN 2200 AND 4800"
    );
    expect(servedByBackup).toBeGreaterThan(150);
  });

  it("fails most requests during the outage without failover (the single-cloud baseline)", () => {
    const inWindow = count(
      "SELECT COUNT(*) AS n FROM requests WHERE strategy = 'none' AND start_ms BETWEEN 2100 AND 4900"
    );
    const failed = count(
      "SELECT COUNT(*) AS n FROM requests WHERE strategy = 'none' AND ok = 0 AND start_ms BETWEEN 2100 AND 4900"
    );
    expect(failed).toBeGreaterThan(inWindow * 0.95);
    expect(count("SELECT COUNT(*) AS n FROM requests WHERE strategy = 'none' AND ok = 0 AND start_ms < 1900")).toBe(0);
  });

  it("fires the attack on time and verifies its revert in both passes", () => {
    const attacks = db
      .prepare("SELECT planned_ms, start_ms, reverted_ms, verified FROM attacks ORDER BY id")
      .all() as Array<{ planned_ms: number; start_ms: number; reverted_ms: number; verified: number }>;
    expect(attacks).toHaveLength(2);
    for (const a of attacks) {
      expect(a.start_ms - a.planned_ms).toBeLessThan(25);
      expect(a.reverted_ms).toBeGreaterThanOrEqual(5000);
      expect(a.verified).toBe(1);
    }
  });

  it("logs the client's failover away from the primary and its failback", () => {
    const kinds = (
      db.prepare("SELECT DISTINCT kind FROM routing_events WHERE strategy = 'active-passive'").all() as Array<{
        kind: string;
      }>
    ).map((r) => r.kind);
    expect(kinds).toContain("failover");
    expect(kinds).toContain("failback");
    // Healthy again after 3 checks (~8 s), then a 1 s stability window and a 1 s ramp: the primary carries the tail.
    const tail = count("SELECT COUNT(*) AS n FROM requests WHERE strategy = 'active-passive' AND start_ms > 11000");
    const tailOnPrimary = count(
      "SELECT COUNT(*) AS n FROM requests WHERE strategy = 'active-passive' AND served_by = " +
        "'primary' AND start_ms > 11000"
    );
    expect(tailOnPrimary).toBeGreaterThan(tail * 0.9);
  });

  it("logs one line per fault injected and reverted and per failover and failback, off a terminal as in CI", () => {
    for (const strategy of ["none", "active-passive"]) {
      expect(result.stderr).toMatch(
        new RegExp(`\\[${strategy}\\] t=\\d+\\.\\d\\ds fault injected: disable@primary \\(outage\\)\n`)
      );
      expect(result.stderr).toMatch(
        new RegExp(`\\[${strategy}\\] t=\\d+\\.\\d\\ds fault reverted: disable@primary \\(outage\\) \\(verified\\)\n`)
      );
    }
    // One failover line for each failover routing event in events.db, and none in the none pass.
    const failovers = count("SELECT COUNT(*) AS n FROM routing_events WHERE kind = 'failover'");
    expect(failovers).toBeGreaterThan(0);
    expect(result.stderr.match(/\[active-passive\] t=\S+ failover: primary -> backup/g)).toHaveLength(failovers);
    expect(result.stderr).not.toMatch(/\[none\] t=\S+ failover/);
    const failbacks = count("SELECT COUNT(*) AS n FROM routing_events WHERE kind = 'failback'");
    expect(failbacks).toBeGreaterThan(0);
    expect(result.stderr.match(/\[active-passive\] t=\S+ failback: backup -> primary/g)).toHaveLength(failbacks);
  });

  it("writes the SLO verdicts as JUnit XML: the gate passes, the none pass is listed as skipped", () => {
    expect(junit).toMatch(/<testsuites name="faultline e2e-hard-fault" tests="2" failures="0">/);
    expect(junit).toMatch(/<testsuite name="e2e-hard-fault: active-passive \(gate\)" tests="1" failures="0"/);
    expect(junit).toMatch(/<skipped message="not met \(availability was \d+\.\d\d%, want &gt;= 99\.9%\); not the gate/);
  });

  it("keeps a routing ledger whose hash chain verifies, with one record per attempt the nodes saw", async () => {
    const verified = await runCli(["audit", "verify", runDir]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^ledger ok: \d+ records, hash chain intact\n$/);
    // Every attempt that reached a node was routed by a recorded decision (the ledger may hold more: refusals).
    const attempts = count("SELECT COUNT(*) AS n FROM node_attempts WHERE request_id LIKE 'fl-%'");
    const decisions = count("SELECT COUNT(*) AS n FROM ledger");
    expect(decisions).toBeGreaterThanOrEqual(attempts);
    const exported = await runCli(["audit", "export", runDir, "--jsonl"]);
    const lines = exported.stdout.trim().split("\n");
    expect(lines).toHaveLength(decisions);
    expect(JSON.parse(lines[0]!)).toMatchObject({ record: { seq: 1, passId: 1, attempt: 1 } });
  });

  it("fails verification after one byte of one record is edited in SQL, naming that record", async () => {
    const copy = join(mkdtempSync(join(tmpdir(), "fl-ledger-")), "events.db");
    copyFileSync(join(runDir, "events.db"), copy);
    const edit = new Database(copy);
    const seq = Math.floor(count("SELECT COUNT(*) AS n FROM ledger") / 2);
    const { record, request_id: requestId } = edit
      .prepare("SELECT record, request_id FROM ledger WHERE seq = ?")
      .get(seq) as { record: string; request_id: string };
    // One byte: the first digit of the decision's time.
    const at = record.indexOf('"tMs":') + 6;
    const byte = record[at] === "1" ? "2" : "1";
    edit
      .prepare("UPDATE ledger SET record = ? WHERE seq = ?")
      .run(record.slice(0, at) + byte + record.slice(at + 1), seq);
    edit.close();
    const r = await runCli(["audit", "verify", copy]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `ledger broken at record ${seq} (request ${requestId}, attempt 1): its hash does not match`
    );
  });

  it("refuses a file that is not a ledger with exit 2 and a message, not a stack trace", async () => {
    const r = await runCli(["audit", "verify", join(runDir, "summary.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not a SQLite file");
    expect(r.stderr).toContain("FAULTLINE_LEDGER_UNREADABLE");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
