import type { Command } from "commander";
import type { FleetCommandFlags } from "@faultline/fleet";
import { ExitStatus } from "../exit-status.js";
import { numberFlag } from "../flags.js";

/**
 * `faultline fleet`, `faultline fleet-check` and `faultline replay statuspage`: months of outages,
 * and their bridge to live runs.
 */
export function registerFleet(program: Command): void {
  program
    .command("fleet")
    .description("simulate months of provider outages through a failover layer (Monte Carlo on a virtual clock)")
    .argument("<fleet.yaml>", "fleet file: providers, correlation, common cause, failover layer")
    .option(
      "--months <n>",
      "fleet-months to sample (default 10,000; a fleet-month is one month of every provider)",
      numberFlag("months", 1, 10_000_000)
    )
    .option("--seed <n>", "override the fleet's seed", numberFlag("seed", 0, 4294967295))
    .option("--threads <n>", "worker threads (0 = inline; default: the machine's cores)", numberFlag("threads", 0, 256))
    .option("--out <dir>", "write summary.json and report.html here (default: results/fleet-<name>)")
    .option("--json", "print summary.json instead of the table")
    .option("--calibrate <run-dir>", "take detection latency, failover success and failback from a saved run")
    .option("--export-month <pNN>", "write the sampled month whose downtime sits at this percentile as a scenario")
    .option("--time-scale <a=b>", "compression of the exported month, e.g. 1h=10s", "1h=10s")
    .option("--export <file>", "where to write the exported scenario (default: <out>/month-<pNN>.yaml)")
    .action(async (file: string, flags: FleetCommandFlags) => {
      const { runFleetCommand } = await import("@faultline/fleet");
      const { text } = await runFleetCommand(file, flags);
      process.stdout.write(text + "\n");
      process.exitCode = ExitStatus.OK;
    });
  program
    .command("fleet-check")
    .description("compare the downtime a fleet export predicted with what a run of it measured")
    .argument("<run-dir>", "a run of a scenario written by `faultline fleet --export-month`")
    .option("--json", "print the comparison as JSON")
    .action(async (runDir: string, flags: { json?: boolean }) => {
      const { checkPrediction, formatPredictionCheck } = await import("@faultline/fleet");
      const check = checkPrediction(runDir);
      process.stdout.write((flags.json ? JSON.stringify(check, null, 2) : formatPredictionCheck(check)) + "\n");
    });
  program
    .command("replay")
    .description("turn a published incident history into a scenario timeline")
    .command("statuspage")
    .description("a Statuspage incidents.json (incidents, their updates and impact) → scenario YAML on stdout or --out")
    .argument("<incidents.json>", "Statuspage-format incident history")
    .option("--time-scale <a=b>", "compression, e.g. 1h=10s", "1h=10s")
    .option("--out <file>", "write the scenario here instead of stdout")
    .action(async (file: string, flags: { timeScale: string; out?: string }) => {
      const { replayStatuspageCommand } = await import("@faultline/fleet");
      process.stdout.write((await replayStatuspageCommand(file, flags)) + "\n");
    });
}
