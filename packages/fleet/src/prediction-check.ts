import { join } from "node:path";
import { computeSummary } from "@faultline/analytics";
import { FaultlineError } from "@faultline/core";
import { openEventLogForRead } from "@faultline/eventlog";
import { FleetErrorCodes } from "./errors.js";
import { PREDICTION_MARKER, type MonthPrediction } from "./export-month.js";

/** Predicted against measured downtime for a run of an exported month. */
export interface PredictionCheck {
  runDir: string;
  prediction: MonthPrediction;
  /** Per system played: error-weighted downtime = failed share of requests × the pass's planned length. */
  measured: Array<{ system: string; downtimeMs: number; errorRate: number; requests: number }>;
}

/** Reads the prediction from the run's saved scenario text and the measured figures from its events.db. */
export function checkPrediction(runDir: string): PredictionCheck {
  const dbPath = join(runDir, "events.db");
  const summary = computeSummary(dbPath);
  const db = openEventLogForRead(dbPath);
  let text = "";
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'scenario_text'").get() as
      { value?: string } | undefined;
    text = row?.value ?? "";
  } finally {
    db.close();
  }
  const line = text.split("\n").find((l) => l.startsWith(PREDICTION_MARKER));
  if (!line)
    throw new FaultlineError(
      FleetErrorCodes.FAULTLINE_FLEET_INVALID,
      `${runDir}: the run's scenario was not written by \`faultline fleet --export-month\` (no prediction line); ` +
        "export a month and run it",
      { field: "run-dir" }
    );
  const prediction = JSON.parse(line.slice(PREDICTION_MARKER.length)) as MonthPrediction;
  return {
    runDir,
    prediction,
    measured: summary.passes.map((p) => ({
      system: p.strategy,
      downtimeMs: (p.errorRate ?? 0) * p.plannedMs,
      errorRate: p.errorRate ?? 0,
      requests: p.requests.total,
    })),
  };
}

/** The comparison as a table. */
export function formatPredictionCheck(c: PredictionCheck): string {
  const p = c.prediction;
  const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
  return [
    `fleet ${p.fleet}, p${p.percentile * 100} month (month ${p.monthIndex} of seed ${p.seed}), ` +
      `${p.incidents} incidents, time scale ${p.timeScale.toPrecision(3)}`,
    `predicted downtime (the model's failover layer)   ${s(p.downtimeMs)}`,
    `predicted floor (every chain unit down at once)    ${s(p.floorMs)}`,
    ...c.measured.map(
      (m) =>
        `measured [${m.system}]`.padEnd(50) +
        `${s(m.downtimeMs)}  (${(m.errorRate * 100).toFixed(3)}% of ${m.requests} requests failed)`
    ),
  ].join("\n");
}
