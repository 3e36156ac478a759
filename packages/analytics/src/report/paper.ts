import type { PassSummary, Summary } from "../types.js";

/**
 * The figures of the reproduced paper (single-cloud/manual vs proposed
 * primary/backup failover), shown beside ours. Its "manual" column compares
 * to our `none` or `manual` pass, "proposed" to `active-passive`.
 */
export const PAPER_FIGURES = Object.freeze([
  {
    name: "availability",
    unit: "%",
    manual: 85.2,
    proposed: 99.4,
    ours: (p: PassSummary) => (p.availability.requests === null ? null : p.availability.requests * 100),
  },
  {
    name: "MTTR",
    unit: "s",
    manual: 13.4,
    proposed: 3.8,
    ours: (p: PassSummary) => (p.totals.mttrMs === null ? null : p.totals.mttrMs / 1000),
  },
  { name: "downtime", unit: "s", manual: 22, proposed: 6.2, ours: (p: PassSummary) => p.totals.downtimeMs / 1000 },
  {
    name: "success rate",
    unit: "%",
    manual: 78,
    proposed: 96,
    ours: (p: PassSummary) => (p.successRate === null ? null : p.successRate * 100),
  },
  {
    name: "failover time",
    unit: "s",
    manual: null,
    proposed: 4,
    ours: (p: PassSummary) => (p.totals.failoverMs === null ? null : p.totals.failoverMs / 1000),
  },
]);

/** The paper faultline began from, as its report cites it. */
export const PAPER_CITATION =
  'Akshay Katoch and Anant Singh, "Multi-Cloud Failover Analysis and Self-Recovery System for Autonomous ' +
  'Service Resilience", School of Engineering and Technology, BML Munjal University.';

/** The scenario that replays the paper (scenarios/paper.yaml); only its runs are set beside the paper's figures. */
export const PAPER_SCENARIO = "paper";

/** One row of the paper comparison: the paper's two columns and ours. */
export interface PaperRow {
  name: string;
  unit: string;
  paperManual: number | null;
  paperProposed: number | null;
  oursManual: number | null;
  oursProposed: number | null;
}

/**
 * Our figures beside the paper's, or null when the run is not of the paper's scenario (on any other the comparison
 * means nothing) or has neither a baseline nor an active-passive pass.
 */
export function paperComparison(s: Summary): PaperRow[] | null {
  if (s.run.scenario !== PAPER_SCENARIO) return null;
  const manual = s.passes.find((p) => p.strategy === "none" || p.strategy === "manual");
  const proposed = s.passes.find((p) => p.strategy === "active-passive");
  if (!manual && !proposed) return null;
  const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  return PAPER_FIGURES.map((f) => ({
    name: f.name,
    unit: f.unit,
    paperManual: f.manual,
    paperProposed: f.proposed,
    oursManual: manual ? round(f.ours(manual)) : null,
    oursProposed: proposed ? round(f.ours(proposed)) : null,
  }));
}
