import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { RUNNER_DEFAULTS } from "@faultline/runner";
import { runCli } from "./cli.js";

const dir = join(import.meta.dirname, "..", "..", "..", "scenarios");
// Played (shortened) and checked in detail by their own tests: systems-side-by-side.test.ts,
// eu-region-outage.test.ts, degradation-tiers.test.ts and long-conversations.test.ts.
const PLAYED_ELSEWHERE = [
  "gateways-side-by-side.yaml",
  "eu-region-outage.yaml",
  "degradation-tiers.yaml",
  "long-conversations.yaml",
];
/** The drain each example run is given (`run --drain`), shorter than the default. */
const DRAIN_MS = 2_000;
const examples = readdirSync(dir).filter((f) => f.endsWith(".yaml") && !PLAYED_ELSEWHERE.includes(f));

/**
 * Every shipped example, twenty times shorter. Whether its SLOs hold at that scale is not the
 * point (exit 0 or 1 both count); that it runs every pass to the end, injects every attack,
 * reverts and verifies each one, and records the traffic is.
 */
// A run alone waits on timers more than it computes, so a file's runs play three at once (vitest.config.ts's
// maxConcurrency); nothing here judges latency, only that every pass and every attack completed.
export function describeExamples(half: 0 | 1): void {
  describe.concurrent(`the example scenarios (half ${half + 1} of 2), run with --time-scale 0.05`, () => {
    // Two files share the examples, alternately, so two of the first step's workers play them side by side.
    for (const file of examples.filter((_, i) => i % 2 === half)) {
      it(`${file} runs every pass, injects and reverts every attack`, async () => {
        const results = mkdtempSync(join(tmpdir(), "fl-examples-"));
        // Three runs at once beside the unit files took 80-100 s each on a 2-core CI machine with the default 10 s
        // drain, and up to 110 s when the machine was slower, so the bound leaves room: it catches a run that hangs,
        // not one that shares its cores. At --time-scale 0.05 the schedule shrinks but the answers do not, so most
        // passes spent their whole drain waiting on long answers (cascading-failure: 27 s wall for 6 s of
        // schedule); a 2 s drain cuts them sooner (12 s), and the cut is what the tail check below is about.
        const r = await runCli(
          ["run", join(dir, file), "--time-scale", "0.05", "--drain", `${DRAIN_MS}ms`, "--results", results],
          { timeoutMs: 180_000 }
        );
        expect([0, 1], r.stderr).toContain(r.code);
        const runDir = join(results, readdirSync(results)[0]!);
        expect(existsSync(join(runDir, "report.html"))).toBe(true);
        const db = new Database(join(runDir, "events.db"), { readonly: true });
        expect(db.prepare("SELECT value FROM meta WHERE key = 'drain_ms'").pluck().get()).toBe(String(DRAIN_MS));
        const passes = db
          .prepare(
            "SELECT p.id, p.strategy, p.status, p.abort_reason, p.end_ms, (SELECT COUNT(*) FROM " +
              "requests r WHERE r.pass_id = p.id) AS n FROM passes p"
          )
          .all() as Array<{
          id: number;
          strategy: string;
          status: string;
          abort_reason: string | null;
          end_ms: number;
          n: number;
        }>;
        expect(passes.length).toBeGreaterThan(0);
        for (const p of passes) {
          // A stop condition ending a pass is a scenario working as designed (cascading-failure has one); its reason is
          // recorded.
          if (p.status === "aborted") expect(p.abort_reason, p.strategy).toMatch(/^stop condition: /);
          else expect(p.status, p.strategy).toBe("complete");
          expect(p.n, p.strategy).toBeGreaterThan(10);
          // Requests still in flight when the drain window (--drain after the last send) runs out are cut then: a
          // stream stalled under a client with no deadline of its own (stream-faults' none pass) once held its pass
          // open to the request's own 30 s deadline. The margin is for a busy machine.
          const tail = db
            .prepare("SELECT MAX(end_ms) - MAX(start_ms) AS ms FROM requests WHERE pass_id = ?")
            .get(p.id) as { ms: number };
          expect(tail.ms, `${p.strategy}: last answer after the last send`).toBeLessThan(
            DRAIN_MS + RUNNER_DEFAULTS.drainCutGraceMs + 2_000
          );
          const attacks = db
            .prepare(
              "SELECT attack_id, fault, planned_ms, start_ms, verified, error FROM attacks WHERE pass_id " +
                "= ? AND planned_ms < ?"
            )
            .all(p.id, p.end_ms) as Array<{
            attack_id: string;
            fault: string;
            start_ms: number | null;
            verified: number | null;
            error: string | null;
          }>;
          expect(attacks.length).toBeGreaterThan(0);
          for (const a of attacks) {
            // A monkey may aim at a node its own crash took down; that is recorded as skipped, with why.
            if (a.start_ms === null && a.error?.startsWith("skipped: ")) continue;
            expect(a.start_ms, `${p.strategy} ${a.attack_id} (${a.fault}) injected: ${a.error}`).not.toBeNull();
            expect(a.verified, `${p.strategy} ${a.attack_id} (${a.fault}) verified: ${a.error}`).toBe(1);
          }
        }
      }, 190_000);
    }
  });
}
