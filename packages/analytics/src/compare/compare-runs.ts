import { basename, join, resolve } from "node:path";
import { didYouMean, FaultlineError, meetsThreshold } from "@faultline/core";
import { AnalyticsErrorCodes } from "../errors.js";
import { textTable } from "../report/format.js";
import { computeSummary } from "../summary.js";
import type { PassSummary } from "../types.js";
import { COMPARED_FIGURES, formatChange, formatFigure } from "./figures.js";
import { parseCompareThreshold, type CompareThreshold } from "./thresholds.js";

/**
 * Options of compareRuns: the run the others are judged against, and a threshold per figure in the SLO syntax
 * (`"0.1%"` allowed worsening, `">= 99.5%"` a bound; a number is a worsening in the figure's unit).
 */
export interface CompareOptions {
  baseline?: string;
  thresholds?: Record<string, string | number>;
}

/** One column of a comparison: a pass of a run. */
export interface ComparedColumn {
  label: string;
  run: string;
  strategy: string;
  repeat: number;
}

/** One figure across the columns, with its change against each column's baseline (null where none). */
export interface ComparedRow {
  figure: string;
  unit: string;
  better: "higher" | "lower";
  values: Array<number | null>;
  changes: Array<number | null>;
}

/** What compareRuns finds: the table people read, the same as data, and the regressions. */
export interface Comparison {
  table: string;
  columns: ComparedColumn[];
  rows: ComparedRow[];
  regressions: string[];
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

function parseThresholds(thresholds: Record<string, string | number>): Record<string, CompareThreshold> {
  const names = Object.keys(COMPARED_FIGURES);
  return Object.fromEntries(
    Object.entries(thresholds).map(([k, v]) => {
      const figure = COMPARED_FIGURES[k];
      if (!figure)
        throw new FaultlineError(
          AnalyticsErrorCodes.FAULTLINE_COMPARE_INVALID,
          `threshold ${JSON.stringify(k)} is not a compared figure${didYouMean(k, names)}; ` +
            `use one of ${names.join(", ")}`,
          { field: "threshold" }
        );
      return [k, parseCompareThreshold(k, figure.unit, v)];
    })
  );
}

/**
 * Puts runs (or the strategies of one run) side by side, one column each,
 * with the change of every figure against the baseline column: the baseline
 * run's pass of the same strategy, or the first column when no baseline is
 * given. With thresholds, a change worse than allowed is listed as a regression.
 */
export function compareRuns(runDirs: string[], options: CompareOptions = {}): Comparison {
  if (runDirs.length === 0 && !options.baseline)
    throw new FaultlineError(
      AnalyticsErrorCodes.FAULTLINE_COMPARE_INVALID,
      "compare needs at least one run directory (see `faultline runs`)",
      { field: "run-dir" }
    );
  const thresholds = parseThresholds(options.thresholds ?? {});
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
  const data: ComparedRow[] = [];
  for (const [name, f] of Object.entries(COMPARED_FIGURES)) {
    const row = [name];
    const values: Array<number | null> = [];
    const changes: Array<number | null> = [];
    const threshold = thresholds[name];
    columns.forEach((c, i) => {
      const x = f.get(c.pass);
      values.push(x);
      row.push(formatFigure(f.unit, x));
      if (threshold?.kind === "bound" && x !== null && !meetsThreshold(x, threshold.threshold))
        regressions.push(`${c.label}: ${name} ${formatFigure(f.unit, x)} does not meet ${threshold.text}`);
      const b = baseFor(c);
      if (i === 0 || b === undefined || b === c) {
        changes.push(null);
        return;
      }
      const bx = f.get(b.pass);
      changes.push(bx === null || x === null ? null : x - bx);
      row.push(formatChange(f.unit, bx, x));
      if (threshold?.kind === "worsening" && bx !== null && x !== null) {
        const worse = f.better === "higher" ? bx - x : x - bx;
        if (worse > threshold.limit + 1e-12)
          regressions.push(
            `${c.label}: ${name} ${formatFigure(f.unit, x)} vs baseline ${formatFigure(f.unit, bx)} ` +
              `(${formatChange(f.unit, bx, x)}, allowed ${threshold.text})`
          );
      }
    });
    rows.push(row);
    data.push({ figure: name, unit: f.unit, better: f.better, values, changes });
  }
  return {
    table: textTable(rows) + "\n",
    columns: columns.map((c) => ({ label: c.label, run: c.run, strategy: c.pass.strategy, repeat: c.pass.repeat })),
    rows: data,
    regressions,
  };
}
