import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { FaultlineError } from "@faultline/core";
import { AnalyticsErrorCodes } from "../errors.js";
import { dur, pct, textTable } from "../report/format.js";
import { computeSummary } from "../summary.js";
import type { Summary } from "../types.js";

/** summary.json when it is at least as new as events.db, else a fresh computation. */
function summaryOf(dir: string): Summary | string {
  const db = join(dir, "events.db");
  const json = join(dir, "summary.json");
  try {
    if (existsSync(json) && statSync(json).mtimeMs >= statSync(db).mtimeMs)
      return JSON.parse(readFileSync(json, "utf8")) as Summary;
  } catch {
    // A summary.json cut short by a full disk: the figures come from events.db instead.
  }
  try {
    return computeSummary(db);
  } catch (err) {
    return (err as Error).message.split("\n")[0]!;
  }
}

/** One saved run as `faultline runs --json` gives it; figures are the gate strategy's last pass, null when unknown. */
export interface SavedRun {
  run: string;
  dir: string;
  /** Why the run could not be read; the other fields are then null. */
  unreadable: string | null;
  scenario: string | null;
  startedAt: string | null;
  verdict: string | null;
  gateStrategy: string | null;
  availability: number | null;
  mttrMs: number | null;
  failoverMs: number | null;
  downtimeMs: number | null;
}

/** Every run under resultsDir (a folder holding an events.db), oldest first, with its verdict and headline figures. */
export function savedRuns(resultsDir: string): SavedRun[] {
  if (!existsSync(resultsDir))
    throw new FaultlineError(
      AnalyticsErrorCodes.FAULTLINE_RUN_NOT_FOUND,
      `${resultsDir} does not exist: runs are saved under results/ by \`faultline run\``,
      { field: "results-dir" }
    );
  const runs = readdirSync(resultsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(resultsDir, d.name, "events.db")))
    .map((d) => d.name)
    .sort();
  return runs.map((name) => {
    const dir = join(resultsDir, name);
    const s = summaryOf(dir);
    if (typeof s === "string") return { run: name, dir, unreadable: s, ...UNKNOWN };
    const gate =
      [...s.passes].reverse().find((p) => p.strategy === s.slo.gateStrategy) ?? s.passes[s.passes.length - 1];
    return {
      run: name,
      dir,
      unreadable: null,
      scenario: s.run.scenario,
      startedAt: s.run.startedAt,
      verdict: s.slo.verdict,
      gateStrategy: s.slo.gateStrategy,
      availability: gate?.availability.requests ?? null,
      mttrMs: gate?.totals.mttrMs ?? null,
      failoverMs: gate?.totals.failoverMs ?? null,
      downtimeMs: gate?.totals.downtimeMs ?? null,
    };
  });
}

/** A run whose summary could not be read knows none of its headline fields. */
const UNKNOWN = {
  scenario: null,
  startedAt: null,
  verdict: null,
  gateStrategy: null,
  availability: null,
  mttrMs: null,
  failoverMs: null,
  downtimeMs: null,
} as const;

/** The table `faultline runs` prints: every run under resultsDir with scenario, date, verdict and headline figures. */
export function listRuns(resultsDir: string): string {
  const runs = savedRuns(resultsDir);
  if (runs.length === 0)
    return `no runs in ${resultsDir} yet: start one with \`faultline run scenarios/<name>.yaml\`\n`;
  const rows = [["run", "scenario", "started", "verdict", "gate", "availability", "MTTR", "failover", "downtime"]];
  for (const r of runs) {
    if (r.unreadable !== null) {
      rows.push([r.run, "unreadable", "", "", "", "", "", "", r.unreadable.slice(0, 40)]);
      continue;
    }
    rows.push([
      r.run,
      r.scenario ?? "?",
      (r.startedAt ?? "").replace("T", " ").slice(0, 19),
      r.verdict ?? "",
      r.gateStrategy ?? "",
      pct(r.availability),
      dur(r.mttrMs),
      dur(r.failoverMs),
      dur(r.downtimeMs),
    ]);
  }
  return textTable(rows) + "\n";
}
