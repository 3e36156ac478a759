import { dirname } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// The analytics package's hand-built runs: every figure of them is worked out by hand in its summary.test.ts.
import { removeTempRuns, tempRunDir, writeCutShortRun, writeMainRun } from "../../analytics/src/hand-run.fixture.js";
import { calibrated, readCalibration } from "./calibrate.js";
import { resolveFleet } from "./resolve-fleet.js";

afterAll(removeTempRuns);

describe("--calibrate", () => {
  it("reads detection, failover success and failback from a run's events.db", () => {
    const runDir = dirname(writeMainRun(tempRunDir()));
    const c = readCalibration(runDir);
    // The outage: detected at 250 ms, failed over at 550 ms, failed back 50 ms after the fault ended; the
    // overlapping attack failed requests and was failed over (1,020 ms) too; the quiet one failed back in 50 ms.
    expect(c).toMatchObject({ system: "active-passive", detectionMs: 250, success: 1, failbackMs: 50, incidents: 3 });
    const fleet = calibrated(resolveFleet({ providers: { a: {}, b: {} } }), c);
    expect(fleet.failover.detectionHours * 3_600_000).toBeCloseTo(250, 9);
    expect(fleet.failover.failbackHours * 3_600_000).toBeCloseTo(50, 9);
  });

  it("names every figure a run cannot give, with why", () => {
    const runDir = dirname(writeCutShortRun(tempRunDir()));
    let err: { code?: string; details?: string[] } = {};
    try {
      readCalibration(runDir);
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).toBe("FAULTLINE_FLEET_CALIBRATION_MISSING");
    expect(err.details).toEqual([
      `--calibrate ${runDir}: missing detection latency: ` +
        "no incident was detected (no routing event or attempt-log switch)",
      `--calibrate ${runDir}: missing failback time: traffic never returned to a recovered node within the run`,
    ]);
  });
});
