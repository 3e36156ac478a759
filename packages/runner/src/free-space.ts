import { existsSync, statfsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { expectedLogBytes } from "@faultline/eventlog";
import type { Scenario } from "@faultline/scenario";

/** Requests a run of `scenario` sends: the mean of its rate ramp over its length, for every pass. */
export function expectedRequests(scenario: Scenario, repeat = 1): number {
  const meanRate = (scenario.load.rate + scenario.load.rateEnd) / 2;
  return Math.ceil(meanRate * (scenario.durationMs / 1000)) * scenario.strategies.length * repeat;
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/**
 * A warning when the disk under `resultsDir` has less free space than the
 * run's log is expected to take, or null. It warns rather than refuses: the
 * estimate is rough, and a run that fills its disk now stops cleanly with
 * everything written kept (issue 24). `free` is injectable for tests.
 */
export function freeSpaceWarning(
  resultsDir: string,
  scenario: Scenario,
  repeat = 1,
  free: (dir: string) => number = freeBytes
): string | null {
  let dir = resolve(resultsDir);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  let available: number;
  try {
    available = free(dir);
  } catch {
    return null; // statfs unsupported here: the run's own write guard still stops it cleanly
  }
  const needed = expectedLogBytes(expectedRequests(scenario, repeat));
  if (available >= needed) return null;
  return (
    `${dir} has ${mib(available)} free, and this run's events.db is expected to need about ` +
    `${mib(needed)} (${expectedRequests(scenario, repeat)} requests); it will stop when the ` +
    `disk fills. Free some space or pass --results <dir> on another disk`
  );
}

function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}
