import { blackBoxTotals } from "../metrics/black-box.js";
import type { PassSummary, Summary } from "../types.js";
import { formatSloActual } from "./slo-actual.js";
import { AFTER_RECOVERY } from "../steady-state.js";
import { shardIncidentLines, shardsLine } from "../shards.js";
import { dur, fixed, markdownTable, pct, textTable, usd } from "./format.js";

const HEADER = [
  "system",
  "view",
  "requests",
  "availability",
  "avail. (time)",
  "errors",
  "req/s",
  "p50",
  "p99",
  "MTTR",
  "failover",
  "downtime",
  "lost",
  "att/req",
  "$/1k ok",
];

/** A black box has no routing events: its failover is the black-box figure. */
function failoverOf(p: PassSummary): number | null {
  return p.view === "white-box" ? p.totals.failoverMs : blackBoxTotals(p.blackBox).failoverMs;
}

/** One row of the summary table for a pass. */
function passRow(p: PassSummary, label: string): string[] {
  return [
    label,
    p.view === "white-box" ? "white" : "black",
    String(p.requests.total),
    pct(p.availability.requests),
    pct(p.availability.time),
    pct(p.errorRate),
    fixed(p.throughputRps),
    dur(p.latency?.p50),
    dur(p.latency?.p99),
    dur(p.totals.mttrMs),
    dur(failoverOf(p)),
    dur(p.totals.downtimeMs),
    String(p.totals.requestsLost),
    p.blackBox?.attemptsPerRequest == null ? "n/a" : p.blackBox.attemptsPerRequest.toFixed(2),
    usd(p.cost.per1kSuccessfulUsd),
  ];
}

/** Rows of the summary table: header, then one per pass. */
export function summaryRows(s: Summary): string[][] {
  const repeated = (strategy: string) => s.passes.filter((p) => p.strategy === strategy).length > 1;
  return [
    HEADER,
    ...s.passes.map((p) =>
      passRow(
        p,
        `${p.strategy}${repeated(p.strategy) ? ` #${p.repeat}` : ""}` +
          (p.strategy === s.slo.gateStrategy ? " (gate)" : "")
      )
    ),
  ];
}

/** The SLO verdict line, with every failed check of the gate strategy. */
export function verdictLine(s: Summary): string {
  const failedOf = (after: boolean) =>
    s.slo.checks
      .filter((c) => c.strategy === s.slo.gateStrategy && !c.ok && c.name.startsWith(`${AFTER_RECOVERY}.`) === after)
      .map((c) => `${c.name} ${formatSloActual(c)} (want ${c.threshold})`);
  const failed = failedOf(false);
  const head = `SLO verdict for ${s.slo.gateStrategy}: ${s.slo.verdict.toUpperCase()}`;
  const note = s.slo.verdict === "incomplete" ? " (run cut short: figures cover the data recorded)" : "";
  const broken = failedOf(true);
  const recovery =
    s.slo.afterRecovery === "not checked"
      ? ""
      : `; steady state after recovery: ${s.slo.afterRecovery.toUpperCase()}` +
        `${broken.length ? ` (${broken.join(", ")})` : ""}`;
  return failed.length ? `${head}${note}; failed: ${failed.join(", ")}${recovery}` : `${head}${note}${recovery}`;
}

/** The plain-text table the CLI prints after `faultline run` and `faultline report`. */
export function formatSummaryTable(summary: Summary): string {
  const s = summary.run.shards;
  const shards = s ? `${[shardsLine(s), ...shardIncidentLines(s)].join("\n")}\n` : "";
  return `${textTable(summaryRows(summary))}\n${verdictLine(summary)}\n${shards}`;
}

/** The same table as Markdown, for summary.md. */
export function summaryMarkdownTable(summary: Summary): string {
  return markdownTable(summaryRows(summary));
}
