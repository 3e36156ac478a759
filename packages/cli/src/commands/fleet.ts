import type { Command } from "commander";
import { ExitStatus } from "../exit-status.js";
import { numberFlag } from "../flags.js";

interface FleetFlags {
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

/** `faultline fleet`, `faultline fleet-check` and `faultline replay statuspage`: months of outages, and their bridge to live runs. */
export function registerFleet(program: Command): void {
  program
    .command("fleet")
    .description("simulate months of provider outages through a failover layer (Monte Carlo on a virtual clock)")
    .argument("<fleet.yaml>", "fleet file: providers, correlation, common cause, failover layer")
    .option("--months <n>", "fleet-months to sample", numberFlag("months", 1, 10_000_000))
    .option("--seed <n>", "override the fleet's seed", numberFlag("seed", 0, 4294967295))
    .option("--threads <n>", "worker threads (0 = inline; default: the machine's cores)", numberFlag("threads", 0, 256))
    .option("--out <dir>", "write summary.json and report.html here (default: results/fleet-<name>)")
    .option("--json", "print summary.json instead of the table")
    .action(async (file: string, flags: FleetFlags) => {
      const { runFleetCommand } = await import("@faultline/fleet");
      const { text } = await runFleetCommand(file, flags);
      process.stdout.write(text + "\n");
      process.exitCode = ExitStatus.OK;
    });
}
