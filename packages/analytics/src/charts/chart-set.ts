import { TIERS } from "@faultline/contracts";
import type { TopLevelSpec } from "vega-lite";
import type { PassScan } from "../metrics/pass-scan.js";
import { INCIDENT_CHART, incidentSpec } from "./incident-chart.js";
import type { RunDb } from "../run-db.js";
import type { Incident, Summary } from "../types.js";
import {
  cpuOverTime,
  latencyCdf,
  passLabel,
  percentilesOverTime,
  ratesOverTime,
  seriesBucketMs,
  stateLanes,
  throughputPerNode,
  tiersOverTime,
  type Point,
} from "./series.js";
import { availabilitySpec, cdfSpec, costSpec, incidentTimesSpec, timelineSpec } from "./summary-specs.js";
import { CHART_THEME, colourScale } from "./theme.js";
import { sessionChartSpec, sessionTurns } from "./session-chart.js";
import { assignSlots, timeSeriesSpec, type AttackBand } from "./time-series-spec.js";

/** Beyond this many attacks per pass, bands stay shaded but unlabelled: the labels would only overprint. */
const MAX_LABELLED_ATTACKS = 40;

/** A chart to render: file name, title for the report, and its vega-lite spec. */
export interface ChartPlan {
  name: string;
  title: string;
  spec: TopLevelSpec;
  /** Set on an incident's recovery view: the report shows it in that incident's section. */
  incident?: { passId: number; attackId: string };
}

/** Recovery views of the first incidents of the run (INCIDENT_CHART.maxCharts), one per injected attack. */
export function incidentPlans(run: RunDb, incidents: Incident[][]): ChartPlan[] {
  const colours = colourScale(nodeNames(run, []), CHART_THEME.nodePalette);
  const all = run.passes.flatMap((p, i) => incidents[i]!.filter((x) => x.injected).map((x) => ({ p, x })));
  return all.slice(0, INCIDENT_CHART.maxCharts).map(({ p, x }) => ({
    name: `incident-${p.id}-${x.attackId.replace(/[^\w.-]+/g, "_")}`,
    title: `Incident ${x.attackId} (${p.strategy})`,
    spec: incidentSpec(run.db, p.id, x, colours),
    incident: { passId: p.id, attackId: x.attackId },
  }));
}

/**
 * The nodes of the run, client order first, so a node has the same colour in
 * every chart. `seen` adds nodes that answered but were never recorded (they
 * come last, so the recorded nodes keep their colours in the incident charts,
 * which are drawn before the scans that would reveal them).
 */
function nodeNames(run: RunDb, seen: Point[]): string[] {
  const recorded = (
    run.db.prepare("SELECT DISTINCT name FROM nodes ORDER BY name").all() as Array<{ name: string }>
  ).map((r) => r.name);
  let order: unknown = [];
  try {
    order = JSON.parse(run.meta.client_order ?? "[]");
  } catch {
    order = [];
  }
  const first = Array.isArray(order) ? order.filter((x): x is string => typeof x === "string") : [];
  return [...new Set([...first, ...recorded, ...seen.map((p) => p.series).sort()])];
}

/** Plans the report's overview charts from the summary, the scans and a few small queries. */
export function planCharts(run: RunDb, summary: Summary, scans: PassScan[]): ChartPlan[] {
  const passes = run.passes;
  const labels = passes.map((p) => passLabel(p, passes));
  const bucket = seriesBucketMs(passes);
  const throughput = passes.flatMap((p, i) => throughputPerNode(scans[i]!, labels[i]!, bucket));
  const nodes = nodeNames(run, throughput);
  const nodeColours = colourScale(nodes, CHART_THEME.nodePalette);
  const attacks: AttackBand[] = assignSlots(
    summary.passes.flatMap((p, i) =>
      p.incidents
        .filter((x) => x.injected)
        .map((x) => ({
          strategy: labels[i]!,
          start: x.onsetMs! / 1000,
          end: x.endMs! / 1000,
          label: p.incidents.length <= MAX_LABELLED_ATTACKS ? `${x.attackId}: ${x.fault} ${x.target}` : "",
        }))
    )
  );
  const each = (f: (i: number) => Point[]): Point[] => passes.flatMap((_, i) => f(i));
  const series = (names: string[]) => colourScale(names, CHART_THEME.seriesPalette);
  const underAttack = [
    ...each((i) => ratesOverTime(scans[i]!, labels[i]!, bucket)),
    ...each((i) =>
      cpuOverTime(run.db, passes[i]!, labels[i]!, bucket).map((p) => ({ ...p, series: `CPU ${p.series}` }))
    ),
  ];
  const cpuNames = [...new Set(underAttack.filter((p) => p.series.startsWith("CPU ")).map((p) => p.series))].sort();
  const common = { attacks, strategies: labels };
  const tiered = passes.flatMap((p, i) => (summary.passes[i]?.tiers ? [i] : []));
  const turns = passes.flatMap((p, i) => sessionTurns(run.db, p, labels[i]!));
  // Only a run with conversations has a session chart.
  const sessions: ChartPlan[] = turns.length
    ? [
        {
          name: "sessions",
          title: "Conversations over time, by the endpoint that answered each turn",
          spec: sessionChartSpec(turns, attacks, labels, nodeColours),
        },
      ]
    : [];
  return [
    // Only when a pass had tiers below full (summary passes[].tiers): otherwise it would be one flat colour.
    ...(tiered.length === 0
      ? []
      : [
          {
            name: "tiers",
            title: "Degradation tier over time",
            spec: timeSeriesSpec({
              ...common,
              title: "Requests per second at each degradation tier (by send time)",
              yTitle: "req/s",
              mark: "area",
              colour: colourScale(
                [...Object.keys(TIERS), "unserved"],
                [...CHART_THEME.tierPalette, CHART_THEME.failColour]
              ),
              points: tiered.flatMap((i) => tiersOverTime(run.db, passes[i]!, labels[i]!, bucket)),
            }),
          },
        ]),
    {
      name: "failover-times",
      title: "Failover and failback time per incident",
      spec: incidentTimesSpec(summary, labels),
    },
    { name: "availability", title: "Availability per strategy", spec: availabilitySpec(summary, labels) },
    {
      name: "latency",
      title: "Latency of successful requests over time (p50, p99); failures in the under-attack chart",
      spec: timeSeriesSpec({
        ...common,
        // Successes only, on a linear axis: an outage's fast failures mixed in read as latency dropping, and an
        // unlabelled symlog axis hid how much slower the backup was. The failure rate is the under-attack chart's.
        title: "Latency of successful requests (ms, end - scheduled); failures: see under-attack",
        yTitle: "latency of successes (ms)",
        colour: series(["p50", "p99"]),
        points: each((i) =>
          percentilesOverTime(
            scans[i]!,
            scans[i]!.latency.filter((c) => c[4] === 1),
            labels[i]!,
            bucket
          )
        ),
      }),
    },
    {
      name: "throughput",
      title: "Throughput per node over time",
      spec: timeSeriesSpec({
        ...common,
        title: "Successful requests per second, per node",
        yTitle: "req/s",
        mark: "area",
        colour: nodeColours,
        points: throughput,
      }),
    },
    {
      name: "under-attack",
      title: "CPU, error rate and success rate under attack",
      spec: timeSeriesSpec({
        ...common,
        title: "Success %, error % and node CPU (% of a core) under attack",
        yTitle: "percent",
        colour: colourScale(
          ["success %", "error %", ...cpuNames],
          [
            CHART_THEME.okColour,
            CHART_THEME.failColour,
            ...cpuNames.map((n) => nodeColours.range[Math.max(0, nodes.indexOf(n.slice(4)))]!),
          ]
        ),
        points: underAttack,
      }),
    },
    { name: "cost", title: "Cost per strategy", spec: costSpec(summary, labels) },
    {
      name: "timeline",
      title: "Incident timeline",
      spec: timelineSpec(
        passes.flatMap((p, i) => stateLanes(run.db, p, labels[i]!, nodes)),
        attacks,
        labels,
        nodes
      ),
    },
    {
      name: "latency-cdf",
      title: "Latency distribution per strategy",
      spec: cdfSpec(
        each((i) => latencyCdf(scans[i]!, labels[i]!)),
        labels
      ),
    },
    {
      name: "ttft",
      title: "Time to first token over time (streams)",
      spec: timeSeriesSpec({
        ...common,
        title: "Time to first token over time (ms, streams)",
        yTitle: "TTFT (ms, symlog scale)",
        yLog: true,
        colour: series(["p50", "p99"]),
        points: each((i) => percentilesOverTime(scans[i]!, scans[i]!.ttft, labels[i]!, bucket)),
      }),
    },
    ...sessions,
  ];
}
