import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempRuns, tempRunDir, writeTwoStrategyRun } from "../hand-run.fixture.js";
import { openRunDb } from "../run-db.js";
import { scanPass } from "./pass-scan.js";
import { scanPassesInParallel } from "./scan-pool.js";

afterAll(removeTempRuns);

// A report scans a run of more than ANALYTICS_DEFAULTS.inlineScanMaxRequests on worker threads and a smaller one on
// its own thread; both must give the same scans, so the same summary and charts.
describe("the scans on worker threads", () => {
  it("equal the scans on the report's own thread, pass by pass", async () => {
    const dir = tempRunDir();
    writeTwoStrategyRun(dir);
    const dbPath = join(dir, "events.db");
    const run = openRunDb(dbPath);
    try {
      const inline = run.passes.map((p) => scanPass(run.db, p, run.passes));
      expect(inline.length).toBe(2);
      expect(inline.every((s) => s.latency.length > 0)).toBe(true);
      expect(await scanPassesInParallel(run.db, dbPath, run.passes)).toEqual(inline);
    } finally {
      run.db.close();
    }
  });
});
