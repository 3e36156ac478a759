import { isAbsolute, relative } from "node:path";
import type { Command } from "commander";
import { tuneGcForRequestTraffic } from "../engine-tuning.js";
import { ExitStatus } from "../exit-status.js";
import { numberFlag } from "../flags.js";
import { shardFlags } from "../shard-flags.js";

interface RunFlags {
  timeScale?: number;
  seed?: number;
  results: string;
  dryRun?: boolean;
  json?: boolean;
  repeat?: number;
  shard?: string;
  startAt?: string;
}

/** `faultline run <scenario>`: plays a scenario end to end and reports it. */
export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run a scenario end to end: start its nodes, drive load, fire its attacks, write results/<run-id>/")
    .argument("<scenario>", "scenario file (.yaml, or a .js/.mjs module exporting defineScenario({...}))")
    .option(
      "--time-scale <factor>",
      "multiply every time in the scenario (0.1 = ten times shorter)",
      numberFlag("time-scale", 0.001, 100)
    )
    .option("--seed <n>", "override the scenario's seed", numberFlag("seed", 0))
    .option("--repeat <n>", "run the scenario n times into one run folder", numberFlag("repeat", 1, 100))
    .option("--results <dir>", "folder that holds run folders", "results")
    .option("--dry-run", "print the resolved timeline and exit")
    .option("--json", "print the final summary as JSON")
    .option("--shard <i/n>", "play shard i of n (0-based) of a run split across processes; needs --start-at")
    .option("--start-at <time>", "wall-clock start shared by every shard (ISO time or epoch ms)")
    .action(async (file: string, flags: RunFlags) => {
      process.exitCode = await run(file, flags);
    });
}

async function run(file: string, flags: RunFlags): Promise<number> {
  const shard = await shardFlags(flags);
  // Loaded on use, so `faultline --help` and `validate` do not pay for vega and fastify.
  const [
    { buildReport, formatSummaryTable },
    { formatTimeline, loadScenario },
    { runScenario, freeSpaceWarning },
    { liveStatus },
  ] = await Promise.all([
    import("@faultline/analytics"),
    import("@faultline/scenario"),
    import("@faultline/runner"),
    import("../live-status.js"),
  ]);
  const scenario = await loadScenario(file, {
    ...(flags.timeScale ? { timeScale: flags.timeScale } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  });
  if (flags.dryRun) {
    process.stdout.write(formatTimeline(scenario) + "\n");
    return ExitStatus.OK;
  }
  const lowDisk = freeSpaceWarning(flags.results, scenario, flags.repeat ?? 1);
  if (lowDisk) process.stderr.write(`faultline: warning: ${lowDisk}\n`);
  const abort = new AbortController();
  let stoppedBy: NodeJS.Signals = "SIGINT";
  const stopStatus = () => (stoppedBy === "SIGTERM" ? ExitStatus.TERMINATED : ExitStatus.INTERRUPTED);
  const onSigint = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) process.exit(stopStatus());
    stoppedBy = signal;
    process.stderr.write(
      "\nfaultline: interrupted: reverting faults, flushing the log and reporting the partial run " +
        "(Ctrl-C again to quit now)\n"
    );
    abort.abort();
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  const status = liveStatus();
  try {
    // Pretenuring off while requests flow, back on for the report (engine-tuning.ts).
    const releaseGcTuning = tuneGcForRequestTraffic();
    const result = await runScenario(scenario, {
      resultsDir: flags.results,
      signal: abort.signal,
      onProgress: status.update,
      ...(flags.timeScale ? { timeScale: flags.timeScale } : {}),
      ...(flags.repeat ? { repeat: flags.repeat } : {}),
      ...(shard ? { shard } : {}),
    }).finally(releaseGcTuning);
    status.done();
    const summary = await buildReport(result.runDir);
    if (flags.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
    else {
      // Relative to where the user stands, so it pastes straight into `faultline report <run>`.
      const shown = relative(process.cwd(), result.runDir);
      const runDir = shown && !shown.startsWith("..") && !isAbsolute(shown) ? shown : result.runDir;
      process.stdout.write(
        `${formatSummaryTable(summary)}\n\nrun folder: ${runDir}\nreport:     ${runDir}/report.html\n`
      );
    }
    let notInjected = 0;
    for (const p of result.passes) {
      const unverified = p.ledger.filter((l) => l.applied && !l.verified);
      if (unverified.length)
        process.stderr.write(
          `faultline: warning: [${p.strategy}] ${unverified.length} fault(s) not verified as reverted: ` +
            `${unverified.map((b) => `${b.fault}@${b.target}: ${b.error}`).join("; ")}\n`
        );
      for (const s of p.ledger.filter((l) => l.skipped))
        process.stderr.write(
          `faultline: [${p.strategy}] attack ${s.attackId} (${s.fault} on ${s.target}) ${s.error}\n`
        );
      const failed = p.ledger.filter((l) => !l.applied && !l.skipped);
      notInjected += failed.length;
      for (const f of failed)
        process.stderr.write(
          `faultline: [${p.strategy}] attack ${f.attackId} (${f.fault} on ${f.target}) was not injected: ${f.error}\n`
        );
    }
    if (result.status === "interrupted") return stopStatus();
    // An SLO that "held" while the scripted faults never happened proves nothing: say so in the exit status.
    if (notInjected > 0) return ExitStatus.RUNTIME_FAILURE;
    return summary.slo.verdict === "pass" ? ExitStatus.OK : ExitStatus.SLO_VIOLATED;
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }
}
