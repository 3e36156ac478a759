import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FaultlineError } from "@faultline/core";
import { loadScenario } from "@faultline/scenario";
import { calibrated, readCalibration, type Calibration } from "./calibrate.js";
import { captureMonth } from "./capture-month.js";
import { FLEET_DEFAULTS } from "./defaults.js";
import { FleetErrorCodes } from "./errors.js";
import { exportMonthScenario, type MonthPrediction } from "./export-month.js";
import { fleetResult, type FleetResult } from "./fleet-result.js";
import { formatFleetResult } from "./format-result.js";
import { loadFleet } from "./load-fleet.js";
import { writeFleetReport } from "./report/write-report.js";
import { runFleet } from "./run-fleet.js";
import { readStatuspageFile, statuspageScenario } from "./statuspage.js";
import { parsePercentile, parseTimeScale } from "./time-scale.js";
import type { Fleet } from "./types.js";

/** The flags of `faultline fleet`, as the CLI parsed them. */
export interface FleetCommandFlags {
  months?: number;
  seed?: number;
  threads?: number;
  out?: string;
  json?: boolean;
  calibrate?: string;
  exportMonth?: string;
  timeScale?: string;
  export?: string;
}

/** What `faultline fleet` did: the text to print, the result, and where it wrote. */
export interface FleetCommandOutcome {
  text: string;
  result: FleetResult;
  outDir: string;
  calibration?: Calibration;
  exported?: { file: string; prediction: MonthPrediction };
}

/**
 * `faultline fleet <file>`: load (and calibrate), simulate on worker threads, write summary.json and report.html,
 * export a month as a scenario when asked, and format the table. Flags are checked before anything runs.
 */
export async function runFleetCommand(file: string, flags: FleetCommandFlags): Promise<FleetCommandOutcome> {
  const months = flags.months ?? FLEET_DEFAULTS.months;
  wholeNumber(months, "--months", "months");
  if (flags.seed !== undefined) wholeNumber(flags.seed, "--seed", "seed");
  if (flags.threads !== undefined) wholeNumber(flags.threads, "--threads", "worker threads");
  const percentile = flags.exportMonth === undefined ? undefined : parsePercentile(flags.exportMonth);
  const timeScale = parseTimeScale(flags.timeScale ?? "1h=10s");
  let fleet: Fleet = loadFleet(file);
  if (flags.seed !== undefined) fleet = { ...fleet, seed: flags.seed };
  const calibration = flags.calibrate === undefined ? undefined : readCalibration(flags.calibrate);
  if (calibration) fleet = calibrated(fleet, calibration);
  const run = await runFleet(fleet, { months, ...(flags.threads !== undefined ? { threads: flags.threads } : {}) });
  const result = fleetResult(fleet, run.stream, run);
  const outDir = flags.out ?? join("results", `fleet-${fleet.name}`);
  const p95Month = captureMonth(fleet, result.downtimeMin.p95.value / 60, months);
  await writeFleetReport(outDir, fleet, result, run.stream, p95Month);
  let exported: FleetCommandOutcome["exported"];
  if (percentile !== undefined) {
    const target = run.stream.downtimeMs.getValueAtPercentile(percentile * 100) / 3_600_000;
    const month = percentile === 0.95 ? p95Month : captureMonth(fleet, target, months);
    const { yaml, prediction } = exportMonthScenario(fleet, month, { percentile, timeScale });
    const target_file = flags.export ?? join(outDir, `month-p${Math.round(percentile * 100)}.yaml`);
    mkdirSync(dirname(target_file), { recursive: true });
    writeFileSync(target_file, yaml);
    // Checked with the scenario loader as `faultline run` will load it: an export that does not load is a bug here.
    await loadScenario(target_file);
    exported = { file: target_file, prediction };
  }
  const lines = [formatFleetResult(result), ""];
  if (calibration)
    lines.push(
      `calibrated from ${calibration.runDir} [${calibration.system}], ${calibration.incidents} incidents: ` +
        `detection ${calibration.detectionMs.toFixed(0)} ms, ` +
        `failover success ${(calibration.success * 100).toFixed(1)}%, failback ${calibration.failbackMs.toFixed(0)} ms`
    );
  if (exported)
    lines.push(
      `exported the p${Math.round(percentile! * 100)} month (month ${exported.prediction.monthIndex}, ` +
        `${exported.prediction.incidents} incidents, ` +
        `predicted ${(exported.prediction.downtimeMs / 1000).toFixed(2)} s of downtime at this time scale): ` +
        exported.file
    );
  lines.push(`summary: ${join(outDir, "summary.json")}`, `report:  ${join(outDir, "report.html")}`);
  const text = flags.json ? JSON.stringify(result, null, 2) : lines.join("\n");
  return { text, result, outDir, ...(calibration ? { calibration } : {}), ...(exported ? { exported } : {}) };
}

/**
 * `faultline replay statuspage <incidents.json>`: the scenario YAML, written to `out` (checked by the loader) or
 * returned.
 */
export async function replayStatuspageCommand(
  file: string,
  flags: { timeScale?: string; out?: string }
): Promise<string> {
  const yaml = statuspageScenario(readStatuspageFile(file), parseTimeScale(flags.timeScale ?? "1h=10s"), file);
  if (!flags.out) return yaml.trimEnd();
  mkdirSync(dirname(flags.out), { recursive: true });
  writeFileSync(flags.out, yaml);
  await loadScenario(flags.out);
  return `wrote ${flags.out}`;
}

function wholeNumber(value: number, flag: string, what: string): void {
  if (!Number.isInteger(value))
    throw new FaultlineError(
      FleetErrorCodes.FAULTLINE_FLEET_INVALID,
      `${flag}: ${value} is not a whole number of ${what}`,
      {
        field: flag,
      }
    );
}
