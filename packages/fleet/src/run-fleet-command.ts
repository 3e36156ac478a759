import { join } from "node:path";
import { FaultlineError } from "@faultline/core";
import { captureMonth } from "./capture-month.js";
import { FLEET_DEFAULTS } from "./defaults.js";
import { FleetErrorCodes } from "./errors.js";
import { fleetResult, type FleetResult } from "./fleet-result.js";
import { formatFleetResult } from "./format-result.js";
import { loadFleet } from "./load-fleet.js";
import { runFleet } from "./run-fleet.js";
import { writeFleetReport } from "./report/write-report.js";
import type { Fleet } from "./types.js";

/** The flags of `faultline fleet`, as the CLI parsed them. */
export interface FleetCommandFlags {
  months?: number;
  seed?: number;
  threads?: number;
  out?: string;
  json?: boolean;
}

/** What `faultline fleet` did: the text to print, the result, and where it wrote. */
export interface FleetCommandOutcome {
  text: string;
  result: FleetResult;
  outDir: string;
}

/** `faultline fleet <file>`: load, simulate on worker threads, write summary.json, and format the table. */
export async function runFleetCommand(file: string, flags: FleetCommandFlags): Promise<FleetCommandOutcome> {
  let fleet: Fleet = loadFleet(file);
  if (flags.seed !== undefined) fleet = { ...fleet, seed: flags.seed };
  const months = flags.months ?? FLEET_DEFAULTS.months;
  if (!Number.isInteger(months))
    throw new FaultlineError(
      FleetErrorCodes.FAULTLINE_FLEET_INVALID,
      `--months: ${months} is not a whole number of months`,
      {
        field: "--months",
      }
    );
  const run = await runFleet(fleet, { months, ...(flags.threads !== undefined ? { threads: flags.threads } : {}) });
  const result = fleetResult(fleet, run.stream, run);
  const outDir = flags.out ?? join("results", `fleet-${fleet.name}`);
  const p95Month = captureMonth(fleet, result.downtimeMin.p95.value / 60, months);
  await writeFleetReport(outDir, fleet, result, run.stream, p95Month);
  const text = flags.json
    ? JSON.stringify(result, null, 2)
    : `${formatFleetResult(result)}\n\nsummary: ${join(outDir, "summary.json")}\nreport:  ${join(outDir, "report.html")}`;
  return { text, result, outDir };
}
