import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { buildReport } from "../build-report.js";
import { removeTempRuns, tempRunDir, writeMainRun } from "../hand-run.fixture.js";

afterAll(removeTempRuns);

/** The hand-built run, plus an attack on the backup from 1 s to 2 s, while the primary carried every request. */
function runWithAnIdleTarget(): string {
  const dir = tempRunDir();
  writeMainRun(dir);
  const db = new Database(join(dir, "events.db"));
  db.prepare(
    "INSERT INTO attacks (pass_id, strategy, attack_id, target, fault, params, planned_ms, start_ms, end_ms, " +
      "reverted_ms, verified) VALUES (1, 'active-passive', 'idle-backup', 'backup', 'latency', '{\"ms\":200}', " +
      "1000, 1030, 2000, 2010, 1)"
  ).run();
  db.close();
  return dir;
}

describe("the report as a postmortem needs it", () => {
  const dir = runWithAnIdleTarget();
  const built = buildReport(dir);

  it("keeps an attack ledger: planned against actual start, lateness, revert, verified, target traffic", async () => {
    const { postmortem } = await built;
    const byId = Object.fromEntries(postmortem.ledger.map((a) => [a.attackId, a]));
    expect(byId["idle-backup"]).toMatchObject({
      plannedMs: 1000,
      startMs: 1030,
      lateMs: 30,
      revertedMs: 2010,
      verified: true,
      targetRequests: 0,
      params: { ms: 200 },
    });
    // The primary answers every 100 ms from 2 s to 3 s: 10 requests while "quiet" was in effect.
    expect(byId.quiet!.targetRequests).toBe(10);
    expect(byId.refused).toMatchObject({ startMs: null, targetRequests: null, error: "node refused" });
  });

  it("counts attempts and retries per pass", async () => {
    const { postmortem } = await built;
    expect(postmortem.traffic).toEqual([
      expect.objectContaining({ strategy: "active-passive", requests: 200, retries: 0, actualMs: 20_000 }),
    ]);
    expect(postmortem.traffic[0]!.attemptsPerRequest).toBeGreaterThanOrEqual(1);
  });

  it("puts every section in report.html, linked from a table of contents, and flags the idle attack", async () => {
    await built;
    const html = readFileSync(join(dir, "report.html"), "utf8");
    const links = [...html.matchAll(/<nav class="toc"[^]*?<\/nav>/g)][0]![0].match(/href="#([^"]+)"/g)!;
    for (const l of links) expect(html, l).toContain(`id="${l.slice(7, -1)}"`);
    for (const id of ["summary", "slo", "run", "ledger", "errors", "charts", "incidents", "definitions"])
      expect(links, id).toContain(`href="#${id}"`);
    expect(html).toContain("⚠ target served 0 requests during this attack");
    expect(html).toContain("<td>time scale</td>");
    expect(html).toMatch(/<th>timeout<\/th>|<th>stream_cut<\/th>/); // errors by class
    expect(html).not.toContain("Beside the paper"); // not the paper's scenario
    expect(html).toMatch(/<td>availability<\/td><td>&gt;= 95%<\/td><td>\d+\.\d\d%<\/td><td>✓<\/td>/);
  });
});
