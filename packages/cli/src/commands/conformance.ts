import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { tuneGcForRequestTraffic } from "../engine-tuning.js";
import { ExitStatus } from "../exit-status.js";
import { numberFlag, pairFlag } from "../flags.js";

interface ConformanceFlags {
  system: string;
  node?: Array<[string, string]>;
  cases?: string;
  required?: string;
  concurrency?: number;
  results: string;
  json?: boolean;
  junit?: string;
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);

/** `faultline conformance --system <x>`: plays the conformance catalogue against one system and scores it. */
export function registerConformance(program: Command): void {
  program
    .command("conformance")
    .description(
      "grade a failover stack on the conformance catalogue (docs/conformance.md): pass, partial, safe or fail per case"
    )
    .requiredOption(
      "--system <system>",
      "a faultline strategy (active-passive, ...), a system file (examples/systems/portkey.yaml) " +
        "or the URL of a running gateway"
    )
    .option(
      "--node <name=url>",
      "for a URL system: the nodes it sends to, primary=<url> and backup=<url> (repeatable)",
      pairFlag("node")
    )
    .option("--cases <ids>", "comma-separated case ids to play (default: all)")
    .option("--required <ids>", 'comma-separated case ids whose fail exits 1, or "all"')
    .option("--concurrency <n>", "cases played at once", numberFlag("concurrency", 1, 16))
    .option("--results <dir>", "folder that holds run folders", "results")
    .option("--json", "print the scorecard as JSON")
    .option("--junit <file>", "also write the scorecard as JUnit XML to this file")
    .action(async (flags: ConformanceFlags) => {
      process.exitCode = await conformance(flags);
    });
}

async function conformance(flags: ConformanceFlags): Promise<number> {
  const { formatScorecard, resolveSystem, runCatalogue, scorecardJson, scorecardJunit, writeScorecard } =
    await import("@faultline/conformance");
  const nodes = Object.fromEntries((flags.node ?? []).map(([name, url]) => [name, { url }]));
  const system = resolveSystem(flags.system, nodes);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const releaseGcTuning = tuneGcForRequestTraffic();
  try {
    const required = flags.required === "all" ? "all" : list(flags.required);
    const cases = list(flags.cases);
    const scorecard = await runCatalogue(system, {
      resultsDir: flags.results,
      signal: abort.signal,
      ...(cases ? { cases } : {}),
      ...(required ? { required } : {}),
      ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
      onCase: (r) => {
        if (!flags.json) process.stderr.write(`faultline: conformance: ${r.id}: ${r.verdict}\n`);
      },
    });
    writeScorecard(scorecard);
    if (flags.junit) writeFileSync(flags.junit, scorecardJunit(scorecard));
    process.stdout.write(flags.json ? scorecardJson(scorecard) : formatScorecard(scorecard) + "\n");
    if (abort.signal.aborted) return ExitStatus.INTERRUPTED;
    if (scorecard.requiredFailed.length > 0) return ExitStatus.SLO_VIOLATED;
    // A required case whose faults never landed on time proved nothing either way: not a pass in CI.
    const unmeasured = scorecard.cases.filter((c) => c.required && c.unmeasured).map((c) => c.id);
    if (unmeasured.length > 0) {
      process.stderr.write(
        `faultline: conformance: required case(s) not measured (faults late twice): ${unmeasured.join(", ")}; ` +
          `rerun with a lower --concurrency on a quieter machine\n`
      );
      return ExitStatus.RUNTIME_FAILURE;
    }
    return ExitStatus.OK;
  } finally {
    releaseGcTuning();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
