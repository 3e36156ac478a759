import type { Command } from "commander";

/** `faultline report <run-dir>`: rebuilds summary, charts and report.html from events.db alone. */
export function registerReport(program: Command): void {
  program
    .command("report")
    .description("rebuild summary.json, summary.md, charts and report.html of a run from its events.db alone")
    .argument("<run-dir>", "a run folder under results/")
    .option("--json", "print the summary as JSON")
    .action(async (runDir: string, flags: { json?: boolean }) => {
      const { buildReport, formatSummaryTable } = await import("@faultline/analytics");
      const summary = await buildReport(runDir);
      process.stdout.write(flags.json ? JSON.stringify(summary, null, 2) + "\n" : `${formatSummaryTable(summary)}\n\nreport: ${runDir}/report.html\n`);
    });
}
