import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const scenario = join(import.meta.dirname, "scenarios", "stream-resume.yaml");

describe("faultline run with streams cut mid-answer and a backup that declares supportsPrefill", () => {
  let result: { code: number | null; stdout: string; stderr: string };
  let db: Database.Database;
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

  beforeAll(async () => {
    const results = mkdtempSync(join(tmpdir(), "fl-e2e-resume-"));
    result = await runCli(["run", scenario, "--results", results], { timeoutMs: 90_000 });
    db = new Database(join(results, readdirSync(results)[0]!, "events.db"), { readonly: true });
  }, 120_000);

  it("resumes the cut streams on the backup and marks each resume in the event log", () => {
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const resumed = db
      .prepare("SELECT t_ms, endpoint, reason, detail FROM routing_events WHERE kind = 'stream_resumed'")
      .all() as Array<{ t_ms: number; endpoint: string; reason: string; detail: string }>;
    // The streams in flight when the cuts begin (about 20 at 40/s); the breaker then sends the rest to the backup.
    expect(resumed.length).toBeGreaterThanOrEqual(5);
    for (const e of resumed) {
      expect(e.endpoint).toBe("backup");
      expect(e.reason).toMatch(/^stream_cut: /);
      // The primary cuts after its fifth token: the resume continues from the text already sent.
      expect(JSON.parse(e.detail).resumedAfterChars).toBeGreaterThan(0);
    }
    expect(count("SELECT COUNT(*) AS n FROM routing_events WHERE kind = 'stream_aborted'")).toBe(0);
  });

  it("answers every stream in full: no cut stream reaches the caller, resumed or not", () => {
    expect(count("SELECT COUNT(*) AS n FROM requests WHERE ok = 0")).toBe(0);
    const resumedRequests = count(
      "SELECT COUNT(*) AS n FROM requests WHERE stream = 1 AND attempts >= 2 AND served_by = 'backup' AND ok = 1"
    );
    expect(resumedRequests).toBeGreaterThanOrEqual(5);
    // Each answer is maxTokens (32) long however many attempts made it: the tokens of every attempt count.
    expect(count("SELECT COUNT(*) AS n FROM requests WHERE stream = 1 AND ok = 1 AND completion_tokens != 32")).toBe(0);
    expect(result.code, result.stderr).toBe(0);
  });
});
