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

/** The table `faultline runs` prints: every run under resultsDir with scenario, date, verdict and headline figures. */
export function listRuns(resultsDir: string): string {
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
  if (runs.length === 0)
    return `no runs in ${resultsDir} yet: start one with \`faultline run scenarios/<name>.yaml\`\n`;
  const rows = [["run", "scenario", "started", "verdict", "gate", "availability", "MTTR", "failover", "downtime"]];
  for (const name of runs) {
    const s = summaryOf(join(resultsDir, name));
    if (typeof s === "string") {
      rows.push([name, "unreadable", "", "", "", "", "", "", s.slice(0, 40)]);
      continue;
    }
    const gate =
      [...s.passes].reverse().find((p) => p.strategy === s.slo.gateStrategy) ?? s.passes[s.passes.length - 1]!;
    rows.push([
      name,
      s.run.scenario ?? "?",
      (s.run.startedAt ?? "").replace("T", " ").slice(0, 19),
      s.slo.verdict,
      s.slo.gateStrategy,
      pct(gate.availability.requests),
      dur(gate.totals.mttrMs),
      dur(gate.totals.failoverMs),
      dur(gate.totals.downtimeMs),
    ]);
  }
  return textTable(rows) + "\n";
}
