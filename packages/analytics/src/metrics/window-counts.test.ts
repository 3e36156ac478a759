import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { EventLog } from "@faultline/eventlog";
import { computeSummary } from "../summary.js";
import { removeTempRuns, tempRunDir } from "../hand-run.fixture.js";

afterAll(removeTempRuns);

// The residency figures and the attack ledger's "requests the target carried" used to test every request against
// every attack window in SQL; they now count through the (pass_id, start_ms) index (issue 23: a 1M-request report
// spent 20 of its 24 s there). These are the per-row queries they replaced, kept as the oracle the new counts must
// match on a run with overlapping, back-to-back, empty and never-reverted windows and requests longer than a window.
const OLD_UNDER_ATTACK = `
  WITH windows AS (
    SELECT start_ms AS s, COALESCE(reverted_ms, end_ms, 1e18) AS e FROM attacks
    WHERE pass_id = @pass AND start_ms IS NOT NULL
  )
  SELECT COALESCE(r.residency, 'any') AS residency, SUM(under) AS requests, SUM(under AND r.ok) AS ok
  FROM (SELECT *, EXISTS (SELECT 1 FROM windows w WHERE start_ms >= w.s AND start_ms < w.e) AS under
        FROM requests WHERE pass_id = @pass) r
  GROUP BY 1 ORDER BY 1`;
const OLD_SERVED =
  "SELECT COUNT(*) AS n FROM requests WHERE pass_id = ? AND served_by = ? AND start_ms < ? AND end_ms > ?";

/** A deterministic generator (mulberry32), so the run is the same on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two passes of 20 s, 2,000 requests each (some lasting up to 9 s), and windows of every awkward shape. */
function writeRun(): string {
  const path = join(tempRunDir(), "events.db");
  const log = new EventLog(path);
  const rand = rng(7);
  for (const strategy of ["none", "active-passive"]) {
    const pass = log.beginPass(strategy, 20_000);
    log.recordNodes(pass, [
      { name: "eu", jurisdiction: ["eu"] },
      { name: "us", jurisdiction: ["us"] },
    ]);
    const windows: Array<[number, number | null, number | null]> = [
      [1000, 3000, 3000], // reverted on time
      [2500, 4000, 5000], // overlaps the first, reverted late
      [5000, 6000, null], // starts where the last ends, never reverted: its planned end holds
      [8000, 8000, 8000], // empty
      [9000, 12_000, 11_000], // reverted early
      [15_000, null, null], // never reverted, no planned end: to the end of time
    ];
    windows.forEach(([start, end, reverted], k) => {
      const id = log.planAttack({
        passId: pass,
        strategy,
        attackId: `a${k}`,
        target: k % 2 ? "us" : "eu",
        fault: "disable",
        params: {},
        plannedMs: start,
        endMs: end,
      });
      log.attackStarted(id, start);
      if (reverted !== null) log.attackReverted(id, reverted, true);
    });
    for (let i = 0; i < 2000; i++) {
      const s = i * 10;
      const ok = rand() < 0.8;
      log.append("requests", {
        pass_id: pass,
        strategy,
        scheduled_ms: s,
        start_ms: s,
        first_byte_ms: null,
        end_ms: s + (rand() < 0.05 ? 9000 * rand() : 200 * rand()),
        ok: ok ? 1 : 0,
        status: ok ? 200 : 503,
        served_by: rand() < 0.5 ? "eu" : rand() < 0.9 ? "us" : null,
        attempts: 1,
        error: ok ? null : "refused",
        error_class: ok ? null : "http_5xx",
        stream: 0,
        prompt_tokens: 1,
        completion_tokens: 1,
        wasted_tokens: 0,
        request_class: null,
        request_id: `r${pass}-${i}`,
        residency: rand() < 0.4 ? "eu" : rand() < 0.5 ? "us" : null,
      });
    }
    log.endPass(pass, 20_000, "complete");
  }
  log.close(true);
  return path;
}

describe("counting requests in attack windows through the index", () => {
  const path = writeRun();
  const summary = computeSummary(path);
  const db = new Database(path, { readonly: true });
  afterAll(() => db.close());

  it("gives each residency class the same requests under attack as testing every request against every window", () => {
    for (const pass of summary.passes) {
      const expected = db.prepare(OLD_UNDER_ATTACK).all({ pass: pass.passId }) as Array<{
        residency: string;
        requests: number;
        ok: number;
      }>;
      const got = pass.residency!.classes.map((c) => ({
        residency: c.residency,
        requests: c.duringAttacks.requests,
        ok: c.duringAttacks.ok,
      }));
      expect(got).toEqual(expected);
      expect(got.reduce((n, c) => n + c.requests, 0)).toBeGreaterThan(0);
    }
  });

  it("gives each attack the same requests its target carried as counting from the pass's start", () => {
    const served = db.prepare(OLD_SERVED);
    const ledger = summary.postmortem.ledger;
    expect(ledger).toHaveLength(12);
    for (const a of ledger) {
      const until = a.revertedMs ?? a.plannedEndMs ?? 20_000;
      expect(a.targetRequests).toBe((served.get(a.passId, a.target, until, a.startMs) as { n: number }).n);
    }
    expect(ledger.some((a) => (a.targetRequests ?? 0) > 0)).toBe(true);
  });
});
