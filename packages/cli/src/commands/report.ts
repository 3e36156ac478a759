import { accessSync, constants } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { FaultlineError } from "@faultline/core";

/** `faultline report <run-dir>`: rebuilds summary, charts and report.html from events.db alone. */
export function registerReport(program: Command): void {
  program
    .command("report")
    .description("rebuild summary.json, summary.md, charts and report.html of a run from its events.db alone")
    .argument("<run-dir>", "a run folder under results/")
    .option("--json", "print the summary as JSON")
    .option("--out <dir>", "write the report files here instead of the run folder (e.g. when its disk is full)")
    .action(async (runDir: string, flags: { json?: boolean; out?: string }) => {
      const [{ AnalyticsErrorCodes, buildReport, computeSummary }, { isDiskError }, { summaryTableFor, sessionLines }] =
        await Promise.all([
          import("@faultline/analytics"),
          import("@faultline/eventlog"),
          import("../output/summary-table.js"),
        ]);
      const out = flags.out ?? runDir;
      // Asked first: on a read-only disk mkdir's error is ENOENT, which says nothing of the cause.
      let unwritable = writeDenied(out);
      let summary;
      try {
        if (unwritable) throw unwritable;
        summary = await buildReport(runDir, out);
      } catch (err) {
        // A full or read-only disk still lets events.db be read: print the figures, then say what was not written.
        const cause = (err as { cause?: unknown }).cause;
        if (!isDiskError(err) && !isDiskError(cause)) throw err;
        unwritable = (isDiskError(err) ? err : cause) as Error;
        summary = computeSummary(join(runDir, "events.db"));
      }
      process.stdout.write(
        flags.json
          ? JSON.stringify(summary, null, 2) + "\n"
          : `${summaryTableFor(summary, process.stdout.isTTY ? process.stdout.columns : undefined)}\n` +
              sessionLines(summary) +
              `${unwritable ? "" : `\nreport: ${out}/report.html\n`}`
      );
      if (unwritable) {
        throw new FaultlineError(
          AnalyticsErrorCodes.FAULTLINE_REPORT_UNWRITABLE,
          `could not write the report files into ${out}: ${unwritable.message}; the figures above ` +
            `were read from events.db, read-only. Free some space, or pass --out <dir> on another disk`,
          { field: "out", cause: unwritable }
        );
      }
    });
}

/** The error that says `dir` is read-only, or null when it is writable or does not exist yet. */
function writeDenied(dir: string): Error | null {
  try {
    accessSync(dir, constants.W_OK);
    return null;
  } catch (err) {
    return ["EROFS", "EACCES", "EPERM"].includes((err as { code?: string }).code ?? "") ? (err as Error) : null;
  }
}
