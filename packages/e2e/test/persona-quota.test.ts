import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const scenario = join(import.meta.dirname, "scenarios", "persona-quota.yaml");

describe("faultline run with an anthropic node at its spend limit", () => {
  let result: { code: number | null; stdout: string; stderr: string };
  let db: Database.Database;
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

  beforeAll(async () => {
    const results = mkdtempSync(join(tmpdir(), "fl-e2e-persona-"));
    result = await runCli(["run", scenario, "--results", results], { timeoutMs: 60_000 });
    db = new Database(join(results, readdirSync(results)[0]!, "events.db"), { readonly: true });
  }, 90_000);

  it("sends the spend-limit 429 one attempt, never a retry, and serves every request from the backup after", () => {
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // Before the limit the primary served. Requests already on their way when the spend limit hit each got the 429
    // once (a few at most, at 40/s); none was retried there, and once the client had read the 429 the primary rested
    // (quotaCooldownMs, 10 min) for the rest of the run, while the backup served.
    expect(count("SELECT COUNT(*) AS n FROM node_attempts WHERE node = 'claude' AND status = 200")).toBeGreaterThan(10);
    const refused = db
      .prepare("SELECT COUNT(*) AS n, MAX(end_ms) AS last FROM node_attempts WHERE node = 'claude' AND status = 429")
      .get() as { n: number; last: number };
    expect(refused.n).toBeGreaterThanOrEqual(1);
    expect(refused.n).toBeLessThanOrEqual(5);
    const retriedThere = count(
      "SELECT COUNT(*) AS n FROM (SELECT request_id FROM node_attempts " +
        "WHERE node = 'claude' GROUP BY request_id HAVING COUNT(*) > 1)"
    );
    expect(retriedThere).toBe(0);
    expect(
      count("SELECT COUNT(*) AS n FROM node_attempts WHERE node = 'claude' AND arrived_ms > ?", refused.last + 500)
    ).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM requests WHERE ok = 0")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM requests WHERE attempts = 2")).toBe(refused.n);
    expect(count("SELECT COUNT(*) AS n FROM routing_events WHERE kind = 'retry' AND reason LIKE 'quota: %'")).toBe(
      refused.n
    );
    expect(result.code, result.stderr).toBe(0);
  });
});
