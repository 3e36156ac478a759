import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { specToSvg } from "@faultline/analytics";
import type { CapturedMonth } from "../capture-month.js";
import type { FleetResult } from "../fleet-result.js";
import { formatMinutes } from "../format-result.js";
import type { MonthStream } from "../month-stream.js";
import type { Fleet } from "../types.js";
import { downtimeCdfSpec, monthTimelineSpec } from "./chart-specs.js";

/**
 * Writes summary.json, the two charts (.vl.json kept for restyling, .svg) and report.html into `dir`: the naive
 * closed form and the simulation side by side, the distribution with its CIs, the causes, the CDF and a month.
 */
export async function writeFleetReport(
  dir: string,
  fleet: Fleet,
  result: FleetResult,
  stream: MonthStream,
  month: CapturedMonth
): Promise<void> {
  mkdirSync(join(dir, "charts"), { recursive: true });
  writeFileSync(join(dir, "summary.json"), JSON.stringify(result, null, 2) + "\n");
  const charts: Array<[string, Record<string, unknown>]> = [
    ["downtime-cdf", downtimeCdfSpec(result, stream)],
    ["month-p95", monthTimelineSpec(fleet, month, `the p95 month (month ${month.index} of seed ${fleet.seed})`)],
  ];
  const svgs: string[] = [];
  for (const [name, spec] of charts) {
    writeFileSync(join(dir, "charts", `${name}.vl.json`), JSON.stringify(spec, null, 2) + "\n");
    const svg = await specToSvg(spec as unknown as Parameters<typeof specToSvg>[0]);
    writeFileSync(join(dir, "charts", `${name}.svg`), svg);
    svgs.push(svg);
  }
  writeFileSync(join(dir, "report.html"), html(result, svgs));
}

const pct = (a: number) => `${(a * 100).toFixed(a > 0.9999 ? 5 : 3)}%`;
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's CSS; the newline inside keeps the written HTML byte-for-byte what it was. */
const STYLE =
  'body{font-family:"DejaVu Sans",sans-serif;max-width:900px;margin:2em auto;color:#222}' +
  "table{border-collapse:collapse;margin:1em 0}\n" +
  "td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}" +
  ".big{font-size:1.3em}";

function html(r: FleetResult, svgs: string[]): string {
  const d = r.downtimeMin;
  const rows = (["mean", "p50", "p95", "p99"] as const)
    .map(
      (k) =>
        `<tr><td>${k}</td><td>${formatMinutes(d[k].value)}</td>` +
        `<td>${formatMinutes(d[k].low)} – ${formatMinutes(d[k].high)}</td>` +
        `<td>${pct(r.availability[k].value)}</td></tr>`
    )
    .join("");
  const causes = Object.entries(r.causes)
    .map(([c, s]) => `<tr><td>${c}</td><td>${(s * 100).toFixed(1)}%</td></tr>`)
    .join("");
  const months = r.months.toLocaleString("en-US");
  const providerMonths = r.providerMonths.toLocaleString("en-US");
  const elapsed = (r.elapsedMs / 1000).toFixed(2);
  const nominal = r.closedForm.nominal;
  const simulated = r.closedForm.fromSimulatedUnits;
  const simulatedDowntime = formatMinutes(simulated.downtimeMinPerMonth);
  const meanAvailability = r.availability.mean.value;
  const ciSide = r.closedForm.nominalWithinCi ? "inside" : "outside";
  const incidents = r.incidentsPerMonth;
  return `<!doctype html><html><head><meta charset="utf-8"><title>fleet ${esc(r.fleet)}</title>
<style>${STYLE}</style></head><body>
<h1>fleet ${esc(r.fleet)}</h1>
<p>${months} simulated months (${providerMonths} provider-months), seed ${r.seed},
${r.threads} worker thread(s), ${elapsed} s. Downtime is error-weighted: a minute at 50% errors counts half.</p>
<h2>Naive and realistic, side by side</h2>
<table><tr><th></th><th>naive: 1 − Π(1 − Aᵢ)</th><th>simulated (mean, 95% CI)</th></tr>
<tr><td>downtime per month</td><td class="big">${formatMinutes(nominal.downtimeMinPerMonth)}</td>
<td class="big">${formatMinutes(d.mean.value)} (${formatMinutes(d.mean.low)} – ${formatMinutes(d.mean.high)})</td></tr>
<tr><td>availability</td><td>${pct(nominal.fleetAvailability)}</td><td>${pct(meanAvailability)}</td></tr></table>
<p>The naive answer assumes independent units, instant detection and failovers that always succeed; it lies
${ciSide} the simulation's confidence interval. With the units' availability as simulated
(${simulated.unitAvailability.map(pct).join(", ")}) the same formula gives ${simulatedDowntime}.</p>
<h2>Monthly downtime</h2>
<table><tr><th></th><th>downtime</th><th>95% CI</th><th>availability</th></tr>${rows}</table>
<p>Incidents per month: mean ${incidents.mean.toFixed(2)}, p50 ${incidents.p50}, p95 ${incidents.p95}.
Time served slow (added latency): ${formatMinutes(r.degradedMinPerMonth)} per month.</p>
<h2>Where the downtime comes from</h2><table><tr><th>cause</th><th>share</th></tr>${causes}</table>
<h2>Downtime CDF</h2>${svgs[0]}
<h2>A month at the 95th percentile</h2>${svgs[1]}
</body></html>
`;
}
