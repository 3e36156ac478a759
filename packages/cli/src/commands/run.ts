import { existsSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { FaultlineError } from "@faultline/core";
import { RUNNER_DEFAULTS } from "@faultline/runner/defaults";
import type { Command } from "commander";
import { tuneGcForRequestTraffic } from "../engine-tuning.js";
import { ExitStatus } from "../exit-status.js";
import { CliErrorCodes } from "../errors.js";
import { durationFlag, numberFlag, portFlag } from "../flags.js";
import { otlpTracesEndpoint } from "../tracing.js";
import { shardFlags } from "../shard-flags.js";

interface RunFlags {
  timeScale?: number;
  seed?: number;
  results: string;
  dryRun?: boolean;
  json?: boolean;
  junit?: string;
  repeat?: number;
  drain?: number;
  metricsPort?: number;
  metricsHost?: string;
  otlpEndpoint?: string;
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
    .option(
      "--drain <duration>",
      "how long each pass waits after its last send for the answers in flight, then cuts them " +
        `(default ${RUNNER_DEFAULTS.drainTimeoutMs / 1000}s; not scaled by --time-scale)`,
      durationFlag("drain", 600_000)
    )
    .option("--results <dir>", "folder that holds run folders", "results")
    .option("--dry-run", "print the resolved timeline and exit (with --json: the resolved scenario as JSON)")
    .option("--json", "print the run folder, the report's path and the summary as one JSON object on stdout")
    .option("--junit <file>", "write the SLO verdicts as JUnit XML to this file, for CI test reports")
    .option(
      "--metrics-port <port>",
      "serve the run's live Prometheus metrics (load, attacks, routing, every node's) on this port",
      portFlag("metrics-port")
    )
    .option(
      "--otlp-endpoint <url>",
      "export a span per load request and per attempt of faultline's client to this OTLP/HTTP traces URL " +
        "(default: $OTEL_EXPORTER_OTLP_ENDPOINT; off when unset)"
    )
    .option(
      "--metrics-host <host>",
      "interface of --metrics-port (default 127.0.0.1; 0.0.0.0 for a containerised Prometheus)"
    )
    .option("--shard <i/n>", "play shard i of n (0-based) of a run split across processes; needs --start-at")
    .option("--start-at <time>", "wall-clock start shared by every shard (ISO time or epoch ms)")
    .action(async (file: string, flags: RunFlags) => {
      process.exitCode = await run(file, flags);
    });
}

async function run(file: string, flags: RunFlags): Promise<number> {
  // Checked before the run, not after minutes of it: a report path CI cannot write is bad input.
  if (flags.junit && !existsSync(dirname(resolve(flags.junit))))
    throw new FaultlineError(
      CliErrorCodes.USAGE,
      `--junit: the folder of ${flags.junit} does not exist (create it first, or point at an existing folder)`,
      { field: "--junit" }
    );
  const shard = await shardFlags(flags);
  // Nodes are forked before the scenario is read, and load their modules meanwhile (node-children.ts).
  const { SpareNodeChildren } = await import("@faultline/runner/node-children");
  const spareNodes = flags.dryRun ? null : SpareNodeChildren.beforeTheScenario();
  // Loaded on use, so `faultline --help` and `validate` do not pay for vega and fastify; nor does `--dry-run`.
  const { formatTimeline, loadScenario } = await import("@faultline/scenario");
  const scenario = await loadScenario(file, {
    ...(flags.timeScale ? { timeScale: flags.timeScale } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  }).catch((err: unknown) => {
    spareNodes?.close();
    throw err;
  });
  if (flags.dryRun || spareNodes === null) {
    process.stdout.write(flags.json ? JSON.stringify(scenario, null, 2) + "\n" : formatTimeline(scenario) + "\n");
    return ExitStatus.OK;
  }
  spareNodes.fitTo(scenario);
  const loading = Promise.all([
    import("@faultline/analytics"),
    import("@faultline/runner"),
    import("../live-status.js"),
    import("../output/moment-line.js"),
    import("../output/run-outcome.js"),
    import("../output/junit.js"),
    import("../output/summary-table.js"),
  ]);
  const [
    { buildReport, loadChartLibraries },
    { runScenario, freeSpaceWarning },
    { liveStatus },
    { formatMoment },
    { reportLedgerProblems },
    { sloJUnit },
    { summaryTableFor, sessionLines },
  ] = await loading;
  const traces = otlpTracesEndpoint(flags.otlpEndpoint);
  const tracer = traces
    ? new (await import("@faultline/client")).RequestTracer({ endpoint: traces, serviceName: "faultline-runner" })
    : null;
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
  // Off a terminal (CI, a pipe) the panel is a line every few seconds; what happened gets a line of its own.
  const onMoment = process.stderr.isTTY
    ? undefined
    : (m: Parameters<typeof formatMoment>[0]) => process.stderr.write(formatMoment(m) + "\n");
  try {
    // Pretenuring off while requests flow, back on for the report (engine-tuning.ts).
    const releaseGcTuning = tuneGcForRequestTraffic();
    const result = await runScenario(scenario, {
      resultsDir: flags.results,
      signal: abort.signal,
      onProgress: status.update,
      ...(onMoment ? { onMoment } : {}),
      ...(flags.timeScale ? { timeScale: flags.timeScale } : {}),
      ...(flags.repeat ? { repeat: flags.repeat } : {}),
      ...(flags.drain !== undefined ? { drainMs: flags.drain } : {}),
      ...(flags.metricsPort !== undefined ? { metricsPort: flags.metricsPort } : {}),
      ...(flags.metricsHost ? { metricsHost: flags.metricsHost } : {}),
      onMetricsListening: (url) => process.stderr.write(`faultline: live metrics at ${url}\n`),
      ...(tracer ? { tracer } : {}),
      ...(shard ? { shard } : {}),
      spareNodes,
      // The report's chart libraries load while the warm-up leaves the CPU idle, not after the run (a failure
      // to load them is the report's to raise).
      duringWarmUp: () => loadChartLibraries().catch(() => undefined),
    }).finally(async () => {
      spareNodes.close();
      releaseGcTuning();
      await tracer?.shutdown();
    });
    status.done();
    const summary = await buildReport(result.runDir);
    const report = join(result.runDir, "report.html");
    if (flags.junit) writeFileSync(resolve(flags.junit), sloJUnit(summary));
    if (flags.json) process.stdout.write(JSON.stringify({ runDir: result.runDir, report, ...summary }, null, 2) + "\n");
    else {
      // Relative to where the user stands, so it pastes straight into `faultline report <run>`.
      const shown = relative(process.cwd(), result.runDir);
      const runDir = shown && !shown.startsWith("..") && !isAbsolute(shown) ? shown : result.runDir;
      process.stdout.write(
        `${summaryTableFor(summary, process.stdout.isTTY ? process.stdout.columns : undefined)}\n` +
          `${sessionLines(summary)}\n` +
          `run folder: ${runDir}\nreport:     ${runDir}/report.html\n`
      );
    }
    const notInjected = reportLedgerProblems(result, (line) => process.stderr.write(line + "\n"));
    if (result.status === "interrupted") return stopStatus();
    // An SLO that "held" while the scripted faults never happened proves nothing: say so in the exit status.
    if (notInjected > 0) return ExitStatus.RUNTIME_FAILURE;
    // A system that did not come back (steady state broken after recovery) fails like a violated SLO, as Chaos
    // Toolkit's "deviated" does; the report keeps the two verdicts apart.
    return summary.slo.verdict === "pass" && summary.slo.afterRecovery !== "broken"
      ? ExitStatus.OK
      : ExitStatus.SLO_VIOLATED;
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }
}
