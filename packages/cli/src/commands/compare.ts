import type { Command } from "commander";
import { ExitStatus } from "../exit-status.js";
import { pairFlag } from "../flags.js";

/** `faultline compare` and `faultline runs`: across saved runs. */
export function registerCompare(program: Command): void {
  program
    .command("compare")
    .description("put runs (or the strategies of one run) side by side, with the change in each figure")
    .argument("<run-dir...>", "run folders")
    .option("--baseline <run-dir>", "compare against this run and exit 1 on a regression")
    .option(
      "--threshold <figure=limit>",
      "allowed regression per figure, e.g. availability=0.001 (repeatable)",
      pairFlag("threshold")
    )
    .action(async (runDirs: string[], flags: { baseline?: string; threshold?: Array<[string, string]> }) => {
      const { compareRuns } = await import("@faultline/analytics");
      const thresholds = Object.fromEntries((flags.threshold ?? []).map(([k, v]) => [k, Number(v)]));
      const { table, regressions } = compareRuns(runDirs, {
        ...(flags.baseline ? { baseline: flags.baseline } : {}),
        thresholds,
      });
      process.stdout.write(table + "\n");
      for (const r of regressions) process.stderr.write(`regression: ${r}\n`);
      process.exitCode = regressions.length ? ExitStatus.SLO_VIOLATED : ExitStatus.OK;
    });
  program
    .command("runs")
    .description("list the saved runs: scenario, date, verdict and headline figures")
    .option("--results <dir>", "folder that holds run folders", "results")
    .action(async (flags: { results: string }) => {
      const { listRuns } = await import("@faultline/analytics");
      process.stdout.write(listRuns(flags.results) + "\n");
    });
}
