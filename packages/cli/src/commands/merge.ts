import type { Command } from "commander";
import { FaultlineError } from "@faultline/core";
import { CliErrorCodes } from "../errors.js";

/** `faultline merge <run>… --out <run>`: the shards of one sharded run, merged into one run folder and reported. */
export function registerMerge(program: Command): void {
  program
    .command("merge")
    .description("merge the run folders of every shard of a sharded run (run --shard) into one run, and report it")
    .argument("<runs...>", "the run folders the shards wrote, one per shard")
    .option("--out <dir>", "the merged run folder to create")
    .option("--json", "print the summary as JSON")
    .action(async (runs: string[], flags: { out?: string; json?: boolean }) => {
      if (!flags.out)
        throw new FaultlineError(CliErrorCodes.USAGE, "--out: give the merged run folder to create (--out <dir>)", {
          field: "--out",
        });
      const [{ mergeShardRuns }, { buildReport, formatSummaryTable }] = await Promise.all([
        import("@faultline/runner"),
        import("@faultline/analytics"),
      ]);
      const merged = mergeShardRuns(runs, flags.out);
      const summary = await buildReport(merged.runDir);
      process.stdout.write(
        flags.json
          ? JSON.stringify(summary, null, 2) + "\n"
          : `${formatSummaryTable(summary)}\n\nmerged ${merged.shards} shards (${merged.rows["requests"] ?? 0} ` +
              `requests)\nrun folder: ${flags.out}\nreport:     ${flags.out}/report.html\n`
      );
    });
}
