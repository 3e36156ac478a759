import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { incidentPlans, planCharts, type ChartPlan } from "./charts/chart-set.js";
import { PngThread } from "./charts/png-thread.js";
import { writeChart, type RenderedChart } from "./charts/render.js";
import { reportHtml } from "./report/html.js";
import { summaryMarkdown } from "./report/markdown.js";
import { openRunDb } from "./run-db.js";
import { analyseRunInParallel } from "./summary.js";
import type { Summary } from "./types.js";

/** The summary as summary.json stores it: two-space JSON, trailing newline. */
export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + "\n";
}

/**
 * Rebuilds every report file of a run from runDir/events.db alone:
 * summary.json, summary.md, report.html and charts/<name>.{svg,png,vl.json},
 * into `outDir` (the run folder unless its disk is full or read-only).
 */
export async function buildReport(runDir: string, outDir = runDir): Promise<Summary> {
  const dbPath = join(runDir, "events.db");
  const run = openRunDb(dbPath);
  const dir = join(outDir, "charts");
  const charts: RenderedChart[] = [];
  const pngs: Array<Promise<void>> = [];
  const pngThread = new PngThread();
  const render = async (plans: ChartPlan[]) => {
    mkdirSync(dir, { recursive: true });
    for (const c of plans) {
      const written = await writeChart(dir, c.name, c.title, c.spec, pngThread);
      charts.push(c.incident ? { ...written.chart, incident: c.incident } : written.chart);
      pngs.push(written.png);
    }
  };
  let summary: Summary;
  try {
    // The incident charts need only the incidents, so they are drawn while the workers scan.
    const analysis = await analyseRunInParallel(run, dbPath, (incidents) => render(incidentPlans(run, incidents)));
    summary = analysis.summary;
    const plans = planCharts(run, summary, analysis.scans);
    run.db.close();
    await render(plans);
    await Promise.all(pngs);
  } finally {
    if (run.db.open) run.db.close();
    await pngThread.close();
  }
  writeFileSync(join(outDir, "summary.json"), summaryJson(summary));
  writeFileSync(join(outDir, "summary.md"), summaryMarkdown(summary));
  writeFileSync(join(outDir, "report.html"), reportHtml(summary, charts));
  return summary;
}
