import { basename, join, resolve } from "node:path";
import { didYouMean, FaultlineError } from "@faultline/core";
import { AnalyticsErrorCodes } from "../errors.js";
import { textTable } from "../report/format.js";
import { computeSummary } from "../summary.js";
import type { PassSummary } from "../types.js";
import { COMPARED_FIGURES, formatChange, formatFigure } from "./figures.js";

/** Options of compareRuns: the run the others are judged against, and allowed worsening per figure. */
export interface CompareOptions {
  baseline?: string;
  thresholds?: Record<string, number>;
}

interface Column {
  label: string;
  run: string;
  pass: PassSummary;
}

function columnsOf(dir: string, many: boolean): Column[] {
  const s = computeSummary(join(dir, "events.db"));
  const name = basename(resolve(dir));
  const repeated = (strategy: string): boolean => s.passes.filter((q) => q.strategy === strategy).length > 1;
  return s.passes.map((p) => ({
    label: `${many ? `${name}:` : ""}${p.strategy}${repeated(p.strategy) ? `#${p.repeat}` : ""}`,
    run: resolve(dir),
    pass: p,
  }));
}

function checkThresholds(thresholds: Record<string, number>): void {
  const names = Object.keys(COMPARED_FIGURES);
  for (const [k, v] of Object.entries(thresholds)) {
    if (!(k in COMPARED_FIGURES))
      throw new FaultlineError(
        AnalyticsErrorCodes.FAULTLINE_COMPARE_INVALID,
        `threshold ${JSON.stringify(k)} is not a compared figure${didYouMean(k, names)}; ` +
          `use one of ${names.join(", ")}`,
        { field: "threshold" }
      );
    if (!Number.isFinite(v) || v < 0)
      throw new FaultlineError(
        AnalyticsErrorCodes.FAULTLINE_COMPARE_INVALID,
        `threshold ${k}: ${v} must be a number >= 0 (the worsening allowed, in the figure's unit)`,
        { field: "threshold" }
      );
  }
}

/**
 * Puts runs (or the strategies of one run) side by side, one column each,
 * with the change of every figure against the baseline column: the baseline
 * run's pass of the same strategy, or the first column when no baseline is
 * given. With thresholds, a change worse than allowed is listed as a regression.
 */
export function compareRuns(runDirs: string[], options: CompareOptions = {}): { table: string; regressions: string[] } {
  if (runDirs.length === 0 && !options.baseline)
    throw new FaultlineError(
      AnalyticsErrorCodes.FAULTLINE_COMPARE_INVALID,
      "compare needs at least one run directory (see `faultline runs`)",
      { field: "run-dir" }
    );
  const thresholds = options.thresholds ?? {};
  checkThresholds(thresholds);
  const dirs = options.baseline
    ? [options.baseline, ...runDirs.filter((d) => resolve(d) !== resolve(options.baseline!))]
    : runDirs;
  const many = dirs.length > 1;
  const columns = dirs.flatMap((d) => columnsOf(d, many));
  const baseRun = resolve(dirs[0]!);
  const baseFor = (c: Column): Column | undefined =>
    options.baseline ? columns.find((b) => b.run === baseRun && b.pass.strategy === c.pass.strategy) : columns[0];
  const rows: string[][] = [
    [
      "figure",
      ...columns.flatMap((c, i) =>
        i === 0 || baseFor(c) === undefined || baseFor(c) === c ? [c.label] : [c.label, "change"]
      ),
    ],
  ];
  const regressions: string[] = [];
  for (const [name, f] of Object.entries(COMPARED_FIGURES)) {
    const row = [name];
    columns.forEach((c, i) => {
      const x = f.get(c.pass);
      row.push(formatFigure(f.unit, x));
      const b = baseFor(c);
      if (i === 0 || b === undefined || b === c) return;
      const bx = f.get(b.pass);
      row.push(formatChange(f.unit, bx, x));
      const limit = thresholds[name];
      if (limit !== undefined && bx !== null && x !== null) {
        const worse = f.better === "higher" ? bx - x : x - bx;
        if (worse > limit + 1e-12)
          regressions.push(
            `${c.label}: ${name} ${formatFigure(f.unit, x)} vs baseline ${formatFigure(f.unit, bx)} ` +
              `(${formatChange(f.unit, bx, x)}, allowed ${limit})`
          );
      }
    });
    rows.push(row);
  }
  return { table: textTable(rows) + "\n", regressions };
}
