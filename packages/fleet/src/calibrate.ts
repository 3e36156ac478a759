import { join } from "node:path";
import { computeSummary, type PassSummary } from "@faultline/analytics";
import { FaultlineError } from "@faultline/core";
import { FleetErrorCodes } from "./errors.js";
import type { FailoverLayer, Fleet } from "./types.js";

/** The failover layer's figures as a saved run measured them. */
export interface Calibration {
  runDir: string;
  /** The system (strategy or gateway) whose pass was read. */
  system: string;
  /** Median from fault onset until the system stopped sending to the faulty node. */
  detectionMs: number;
  /** Share of the incidents that caused failures in which an answer from another node reached the caller. */
  success: number;
  /** Median from fault end until traffic returned to the recovered node. */
  failbackMs: number;
  incidents: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Reads detection latency, failover success and failback from a run's events.db through @faultline/analytics, for
 * the run's gating system (or `system`). White-box figures when faultline's client made them, else the black-box
 * ones the nodes' attempt log gives for any system under test. A figure the run cannot give is named, with why.
 */
export function readCalibration(runDir: string, system?: string): Calibration {
  const summary = computeSummary(join(runDir, "events.db"));
  const name = system ?? summary.slo.gateStrategy;
  const pass: PassSummary | undefined = summary.passes.find((p) => p.strategy === name) ?? summary.passes.at(-1);
  const missing: string[] = [];
  if (!pass) throw calibrationMissing(runDir, ["every figure: the run holds no pass"]);
  const injected = pass.incidents.filter((i) => i.injected);
  const black = new Map((pass.blackBox?.incidents ?? []).map((b) => [b.attackId, b]));
  const detect = injected
    .map((i) => i.timeToDetectMs ?? black.get(i.attackId)?.detectMs ?? null)
    .filter((x): x is number => x !== null);
  const hurt = injected.filter((i) => i.requestsLost > 0 || i.timeToDetectMs !== null);
  const movedAway = hurt.filter(
    (i) => (i.timeToFailoverMs ?? black.get(i.attackId)?.failoverMs ?? null) !== null && !i.unrecovered
  );
  const failback = injected
    .map((i) => i.failbackMs ?? black.get(i.attackId)?.failbackMs ?? null)
    .filter((x): x is number => x !== null);
  if (injected.length === 0) missing.push("every figure: no attack was injected in the run");
  else {
    if (detect.length === 0)
      missing.push("detection latency: no incident was detected (no routing event or attempt-log switch)");
    if (hurt.length === 0) missing.push("failover success: no incident caused a failure, so no failover was needed");
    if (failback.length === 0) missing.push("failback time: traffic never returned to a recovered node within the run");
  }
  if (missing.length > 0) throw calibrationMissing(runDir, missing);
  return {
    runDir,
    system: pass!.strategy,
    detectionMs: median(detect),
    success: movedAway.length / hurt.length,
    failbackMs: median(failback),
    incidents: injected.length,
  };
}

function calibrationMissing(runDir: string, missing: string[]): FaultlineError {
  const lines = missing.map((m) => `--calibrate ${runDir}: missing ${m}`);
  return new FaultlineError(FleetErrorCodes.FAULTLINE_FLEET_CALIBRATION_MISSING, lines[0]!, {
    field: "--calibrate",
    details: lines,
  });
}

/** The fleet with its failover layer's detection, success and failback taken from a calibration. */
export function calibrated(fleet: Fleet, c: Calibration): Fleet {
  const failover: FailoverLayer = {
    ...fleet.failover,
    detectionHours: c.detectionMs / 3_600_000,
    success: c.success,
    failbackHours: c.failbackMs / 3_600_000,
  };
  return { ...fleet, failover };
}
