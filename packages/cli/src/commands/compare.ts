import type { Command } from "commander";
import { FaultlineError } from "@faultline/core";
import { CliErrorCodes } from "../errors.js";
import { ExitStatus } from "../exit-status.js";
import { pairFlag } from "../flags.js";

/** `faultline compare` and `faultline runs`: across saved runs. */
export function registerCompare(program: Command): void {
  program
    .command("compare")
    .description("put runs (or the strategies of one run) side by side, with the change in each figure")
    .argument("<run-dir...>", "run folders")
    .option("--baseline <run-dir>", "compare against this run and exit 1 on a regression (needs --threshold)")
    .option(
      "--threshold <figure=limit>",
      "SLO syntax, repeatable: the worsening allowed (availability=0.1%, p99Ms=200ms) " +
        'or a bound (availability=">= 99.5%")',
      pairFlag("threshold")
    )
    .option("--json", "print the comparison as JSON: columns, each figure's values and changes, regressions")
    .action(
      async (runDirs: string[], flags: { baseline?: string; threshold?: Array<[string, string]>; json?: boolean }) => {
        // A baseline alone used to print a table and exit 0 whatever changed, though the help promised a gate.
        if (flags.baseline && !flags.threshold?.length)
          throw new FaultlineError(
            CliErrorCodes.USAGE,
            "--baseline needs at least one --threshold to gate on, e.g. --threshold availability=0.1% " +
              "(a drop of at most 0.1 point) or --threshold p99Ms=200ms; " +
              "without --baseline, compare only shows the table",
            { field: "--threshold" }
          );
        const { compareRuns } = await import("@faultline/analytics");
        const comparison = compareRuns(runDirs, {
          ...(flags.baseline ? { baseline: flags.baseline } : {}),
          thresholds: Object.fromEntries(flags.threshold ?? []),
        });
        if (flags.json) {
          const { columns, rows, regressions } = comparison;
          process.stdout.write(JSON.stringify({ columns, rows, regressions }, null, 2) + "\n");
        } else {
          process.stdout.write(comparison.table + "\n");
          for (const r of comparison.regressions) process.stderr.write(`regression: ${r}\n`);
        }
        process.exitCode = comparison.regressions.length ? ExitStatus.SLO_VIOLATED : ExitStatus.OK;
      }
    );
  program
    .command("runs")
    .description("list the saved runs: scenario, date, verdict and headline figures")
    .option("--results <dir>", "folder that holds run folders", "results")
    .option("--json", "print the runs as a JSON array")
    .action(async (flags: { results: string; json?: boolean }) => {
      const { listRuns, savedRuns } = await import("@faultline/analytics");
      process.stdout.write(
        flags.json ? JSON.stringify(savedRuns(flags.results), null, 2) + "\n" : listRuns(flags.results) + "\n"
      );
    });
}
