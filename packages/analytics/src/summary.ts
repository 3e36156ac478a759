import { ANALYTICS_DEFAULTS } from "./defaults.js";
import { passCost } from "./metrics/cost.js";
import { incidentsOf } from "./metrics/incidents.js";
import { blackBoxOf } from "./metrics/black-box.js";
import { residencyOf } from "./metrics/residency.js";
import { tiersOf } from "./metrics/tiers.js";
import { sessionsOf } from "./metrics/sessions.js";
import { requestFigures } from "./metrics/pass-figures.js";
import { summariseRepeats } from "./metrics/repeats.js";
import { scanPass, type PassScan } from "./metrics/pass-scan.js";
import { scanPassesInParallel } from "./metrics/scan-pool.js";
import { metaJson, openRunDb, type PassRow, type RunDb } from "./run-db.js";
import { ms, msOrNull } from "./round.js";
import { judgeSlo, type SloSpecJson } from "./slo.js";
import { steadyStateChecks, type SteadyStateJson } from "./steady-state.js";
import { postmortemOf } from "./metrics/postmortem.js";
import { shardsOf } from "./shards.js";
import { shardIncidentViews } from "./metrics/shard-incidents.js";
import type { Incident, PassSummary, Summary } from "./types.js";

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const present = (xs: Array<number | null>): number[] => xs.filter((x): x is number => x !== null);

function totalsOf(incidents: Incident[]): PassSummary["totals"] {
  const failovers = present(incidents.map((i) => i.timeToFailoverMs));
  return {
    downtimeMs: ms(incidents.reduce((s, i) => s + i.downtimeMs, 0)),
    requestsLost: incidents.reduce((s, i) => s + i.requestsLost, 0),
    mttrMs: msOrNull(mean(present(incidents.map((i) => i.mttrMs)))),
    failoverMs: msOrNull(mean(failovers)),
    failoverMaxMs: failovers.length ? ms(Math.max(...failovers)) : null,
    detectMs: msOrNull(mean(present(incidents.map((i) => i.timeToDetectMs)))),
    unrecovered: incidents.filter((i) => i.unrecovered).length,
  };
}

/** The figures of a pass that read events.db without the grouped scans: worked out while the scans run. */
type ScanFreeFigures = Pick<PassSummary, "blackBox" | "residency" | "tiers" | "sessions">;

/** The rest of the run's figures that need no scan: the postmortem's ledger and each pass's ScanFreeFigures. */
interface ScanFree {
  passes: ScanFreeFigures[];
  postmortem: Summary["postmortem"];
}

function scanFree(run: RunDb, incidents: Incident[][]): ScanFree {
  return {
    passes: run.passes.map((pass, i) => ({
      blackBox: blackBoxOf(run.db, pass, incidents[i]!),
      residency: residencyOf(run.db, pass),
      tiers: tiersOf(run.db, pass),
      sessions: sessionsOf(run.db, pass),
    })),
    postmortem: postmortemOf(run),
  };
}

/** Every figure of one pass, in summary.json's key order. */
function summarisePass(
  run: RunDb,
  pass: PassRow,
  scan: PassScan,
  incidents: Incident[],
  early: ScanFreeFigures,
  availabilityTarget: number,
  primary: string | null
): PassSummary {
  const figures = requestFigures(scan, pass, availabilityTarget);
  return {
    passId: pass.id,
    strategy: pass.strategy,
    repeat: pass.repeat,
    status: pass.status,
    complete: pass.status === "complete",
    plannedMs: ms(pass.plannedMs),
    durationMs: ms(pass.endMs),
    ...figures,
    incidents,
    blackBox: early.blackBox,
    view: isWhiteBox(run.meta, pass.strategy) ? "white-box" : "black-box",
    totals: totalsOf(incidents),
    cost: passCost(run.db, pass, scan, primary, figures.requests.ok),
    residency: early.residency,
    tiers: early.tiers,
    sessions: early.sessions,
  };
}

/** Whether a pass's system logged routing events (a faultline preset); runs before systems: were all presets. */
function isWhiteBox(meta: Record<string, string>, name: string): boolean {
  const systems = metaJson<Array<{ name: string; kind: string }>>(meta, "systems", []);
  const s = systems.find((x) => x.name === name);
  return s === undefined || s.kind === "preset";
}

/** The primary node: first in the client order the runner stored. */
export function primaryOf(meta: Record<string, string>): string | null {
  const order = metaJson<unknown>(meta, "client_order", null);
  return Array.isArray(order) && typeof order[0] === "string" ? order[0] : null;
}

/** Computes summary.json's content from events.db alone; aggregation runs in SQLite. */
export function computeSummary(dbPath: string): Summary {
  const run = openRunDb(dbPath);
  try {
    return analyseRun(run).summary;
  } finally {
    run.db.close();
  }
}

/** A run's summary and the grouped scans it came from (the charts reuse them). */
export interface RunAnalysis {
  summary: Summary;
  scans: PassScan[];
}

/** Every pass's grouped scans, on this thread. */
const scansHere = (run: RunDb): PassScan[] => run.passes.map((p) => scanPass(run.db, p, run.passes));

/** computeSummary over an already opened run, keeping the scans for the charts. */
export function analyseRun(run: RunDb): RunAnalysis {
  const incidents = run.passes.map((p) => incidentsOf(run.db, p, primaryOf(run.meta)));
  return assemble(run, scansHere(run), incidents, scanFree(run, incidents));
}

/**
 * analyseRun with the grouped scans on worker threads while this thread
 * reconstructs the incidents and then runs `meanwhile` (the report draws the
 * incident charts there); the same queries, so the same numbers. A run of at most
 * ANALYTICS_DEFAULTS.inlineScanMaxRequests is scanned on this thread: starting the workers would take longer.
 */
export async function analyseRunInParallel(
  run: RunDb,
  dbPath: string,
  meanwhile: (incidents: Incident[][]) => Promise<void> = async () => undefined
): Promise<RunAnalysis> {
  const { n } = run.db.prepare("SELECT COALESCE(MAX(id), 0) AS n FROM requests").get() as { n: number };
  // run.db.name, not dbPath: on a read-only folder the log may be read from a temporary copy.
  const pending =
    n <= ANALYTICS_DEFAULTS.inlineScanMaxRequests
      ? Promise.resolve(scansHere(run))
      : scanPassesInParallel(run.db, run.db.name, run.passes);
  pending.catch(() => undefined); // awaited below; avoids an unhandled rejection while this thread works
  const incidents = run.passes.map((p) => incidentsOf(run.db, p, primaryOf(run.meta)));
  await meanwhile(incidents);
  // While the workers scan (a run of 1M requests left this thread idle for about a second here).
  const early = scanFree(run, incidents);
  return assemble(run, await pending, incidents, early);
}

function assemble(run: RunDb, scans: PassScan[], incidents: Incident[][], early: ScanFree): RunAnalysis {
  const { meta } = run;
  const slo = metaJson<SloSpecJson>(meta, "slo", {});
  const target = slo.availability?.value ?? ANALYTICS_DEFAULTS.availabilityTargetFallback;
  const primary = primaryOf(meta);
  const passes = run.passes.map((p, i) =>
    summarisePass(run, p, scans[i]!, incidents[i]!, early.passes[i]!, target, primary)
  );
  // A run killed with -9 never wrote `complete`; treat the missing flag as cut short.
  const complete = meta.complete === "1" && passes.every((p) => p.complete);
  const gate = meta.gate_strategy ?? passes[passes.length - 1]!.strategy;
  const summary: Summary = {
    schemaVersion: 1,
    run: {
      scenario: meta.scenario_name ?? null,
      seed: meta.seed ?? null,
      startedAt: meta.started_at ?? null,
      faultlineVersion: meta.faultline_version ?? null,
      complete,
      timeScale: meta.time_scale ?? null,
      ...(meta.shard_count !== undefined
        ? { shards: shardsOf(meta, shardIncidentViews(run.db, run.passes, incidents))! }
        : {}),
    },
    slo: judgeSlo(
      slo,
      passes,
      gate,
      complete,
      steadyStateChecks(run.db, run.passes, metaJson<SteadyStateJson>(meta, "steady_state", {}))
    ),
    passes,
    strategies: summariseRepeats(passes),
    postmortem: early.postmortem,
  };
  return { summary, scans };
}
