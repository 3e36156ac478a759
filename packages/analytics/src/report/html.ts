import type { RenderedChart } from "../charts/render.js";
import type { Incident, PassSummary, Summary } from "../types.js";
import { FIGURE_DEFINITIONS, FIGURE_NAMES } from "./definitions.js";
import { dur, pct, usd } from "./format.js";
import { PAPER_CITATION, paperComparison } from "./paper.js";
import { summaryRows, verdictLine } from "./summary-table.js";
import { formatSloActual, sloMark } from "./slo-actual.js";
import { shardIncidentLines, shardsLine } from "../shards.js";
import { blackBoxIncidentRows, blackBoxRows } from "./black-box-table.js";
import { esc, table } from "./html-table.js";
import { ledgerSection, runSection, trafficSection } from "./postmortem-html.js";
import { RESIDENCY_NOTE, residencyRows } from "./residency-table.js";
import { TIER_NOTE, tierRows } from "./tier-table.js";
import { SESSION_NOTE, sessionRows } from "./session-table.js";

const defn = (k: keyof typeof FIGURE_DEFINITIONS) =>
  `<span class="def" title="${esc(FIGURE_DEFINITIONS[k])}">${esc(FIGURE_NAMES[k])}</span>`;

const STYLE =
  'body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;' +
  "color:#222;line-height:1.45}\n" +
  "h1{font-size:24px;margin-bottom:4px}" +
  "h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}" +
  "h3{font-size:16px;margin-bottom:6px}\n" +
  "table{border-collapse:collapse;margin:8px 0;font-size:13px}" +
  "th,td{padding:4px 10px;border-bottom:1px solid #eee;text-align:right}" +
  "th:first-child,td:first-child{text-align:left}th{background:#f6f6f6}\n" +
  ".verdict{display:inline-block;padding:6px 14px;border-radius:4px;font-weight:bold;color:white}" +
  ".pass{background:#2e7d32}.fail{background:#c62828}.incomplete{background:#ef6c00}\n" +
  ".chart{margin:12px 0 24px}.chart svg{max-width:100%;height:auto}.def{border-bottom:1px dotted #888}" +
  "dl{font-size:13px}dt{font-weight:bold;margin-top:6px}dd{margin-left:16px}" +
  ".muted{color:#666;font-size:13px}" +
  ".scroll{overflow-x:auto;max-width:100%}.kv td{text-align:left}.warn{color:#8a4b00;font-weight:bold}" +
  "nav.toc{font-size:13px;margin:12px 0}nav.toc a{margin-right:12px}";

function incidentSection(p: PassSummary, x: Incident, charts: RenderedChart[]): string {
  const chart = charts.find((c) => c.incident?.passId === p.passId && c.incident.attackId === x.attackId);
  const title = `<h3>${esc(p.strategy)} · ${esc(x.attackId)}: ${esc(x.fault)} on ${esc(x.target)}</h3>`;
  if (!x.injected) return `${title}<p class="muted">The injection failed, so there was no fault and no figure.</p>`;
  const bb = p.blackBox?.incidents.find((i) => i.attackId === x.attackId);
  const rows: Array<[keyof typeof FIGURE_DEFINITIONS, string]> = [
    [
      "incidentWindow",
      `${dur(x.onsetMs)} – ${dur(x.endMs)} (counted to ${dur(x.windowEndMs)})` +
        (x.overlapping ? ", overlaps another attack" : ""),
    ],
    ["timeToDetect", x.timeToDetectMs === null ? "never detected" : dur(x.timeToDetectMs)],
    ["timeToNotice", x.timeToNoticeMs === null ? "no failed request" : dur(x.timeToNoticeMs)],
    ["timeToFailover", x.timeToFailoverMs === null ? "no success from another node" : dur(x.timeToFailoverMs)],
    ["downtime", dur(x.downtimeMs)],
    ["mttr", x.unrecovered ? "unrecovered" : x.mttrMs === null ? "nothing failed" : dur(x.mttrMs)],
    ["failback", dur(x.failbackMs)],
    ["requestsLost", `${x.requestsLost} of ${x.requestsInWindow}`],
    ...(bb ? blackBoxIncidentRows(bb) : []),
  ];
  const figure = chart ? figureTag(chart) : "";
  const body = rows.map(([k, v]) => `<tr><td>${defn(k)}</td><td>${esc(v)}</td></tr>`).join("");
  return `${title}<table><tbody>${body}</tbody></table>${figure}`;
}

/** One chart as a figure the page's CSS sizes and a link can target by `#chart-<name>`. */
function figureTag(c: RenderedChart): string {
  return `<figure class="chart" id="chart-${esc(c.name)}" aria-label="${esc(c.title)}">${c.svg}</figure>`;
}

function repeatsSection(s: Summary): string {
  const repeated = s.strategies.filter((x) => x.repeats > 1);
  if (repeated.length === 0) return "";
  const rows = [["strategy", "figure", "median", "min", "max", "outlier repeats"]];
  for (const x of repeated)
    for (const [name, v] of Object.entries(x.figures))
      rows.push([
        `${x.strategy} (${x.repeats} repeats)`,
        name,
        String(v.median ?? "n/a"),
        String(v.min ?? "n/a"),
        String(v.max ?? "n/a"),
        v.outliers.map((r) => `#${r}`).join(", "),
      ]);
  return `<h2 id="repeats">Repeats</h2><p class="muted">${esc(FIGURE_DEFINITIONS.repeats)}</p>${table(rows)}`;
}

function paperSection(s: Summary): string {
  const paper = paperComparison(s);
  if (!paper) return "";
  const v = (x: number | null, u: string) => (x === null ? "n/a" : `${x}${u === "%" ? "%" : " " + u}`);
  const rows = paper.map((r) => [
    r.name,
    v(r.paperManual, r.unit),
    v(r.oursManual, r.unit),
    v(r.paperProposed, r.unit),
    v(r.oursProposed, r.unit),
  ]);
  const head = ["figure", "paper manual", "ours none", "paper proposed", "ours active-passive"];
  return (
    `<h2 id="paper">Beside the paper</h2><p class="muted">${esc(PAPER_CITATION)} ` +
    `Its "manual / single-cloud" column ` +
    `compares to our <code>none</code> (or <code>manual</code>) pass, "proposed" to <code>active-passive</code>.</p>` +
    table([head, ...rows])
  );
}

/**
 * report.html: one offline file, charts inline as SVG; verdict and summary on top, then charts, incidents, definitions.
 */
export function reportHtml(s: Summary, charts: RenderedChart[]): string {
  const checks = [
    ["strategy", "check", "threshold", "actual", "verdict"],
    ...s.slo.checks.map((c) => [
      c.strategy,
      c.name,
      c.threshold,
      formatSloActual(c),
      c.notApplicable ? `not applicable: ${c.notApplicable}` : sloMark(c),
    ]),
  ];
  const streams = [
    [
      "strategy",
      "streams completed",
      "TTFT p50",
      "TTFT p99",
      "ITL p50",
      "wasted tokens",
      "goodput tok/s",
      "late sends",
      "standby $",
      "wasted $",
    ],
    ...s.passes.map((p) => [
      p.strategy,
      pct(p.streams.completedShare),
      dur(p.ttft?.p50),
      dur(p.ttft?.p99),
      dur(p.interTokenLatency?.p50),
      String(p.tokens.wasted),
      String(p.goodputTokensPerS),
      `${p.lateSends.count} (${pct(p.lateSends.share)})`,
      usd(p.cost.standbyUsd),
      usd(p.cost.wastedTokensUsd),
    ]),
  ];
  const incidents = s.passes.flatMap((p) => p.incidents.map((x) => incidentSection(p, x, charts))).join("\n");
  const overview = charts.filter((c) => !c.incident);
  const blackBox = blackBoxRows(s);
  const blackBoxSection = blackBox
    ? `<h3>Seen from outside: the caller and the nodes</h3>` +
      `<p class="muted">${defn("view")}: ${esc(FIGURE_DEFINITIONS.view)}</p>${table(blackBox)}`
    : "";
  const runLine =
    `seed ${esc(s.run.seed ?? "n/a")} · started ${esc(s.run.startedAt ?? "n/a")} · ` +
    `faultline ${esc(s.run.faultlineVersion ?? "n/a")}` +
    (s.run.shards
      ? ` · ${esc(shardsLine(s.run.shards))}` +
        shardIncidentLines(s.run.shards)
          .map((l) => `<br>${esc(l)}`)
          .join("")
      : "") +
    (s.run.complete ? "" : " · <strong>incomplete: the run was cut short</strong>");
  const residency = residencyRows(s);
  const tiers = tierRows(s);
  const sessions = sessionRows(s);
  const title = `faultline report: ${esc(s.run.scenario ?? "run")}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>
<body>
<h1>faultline report: ${esc(s.run.scenario ?? "unnamed scenario")}</h1>
<p class="muted">${runLine}</p>
<p><span class="verdict ${s.slo.verdict}">${esc(s.slo.verdict.toUpperCase())}</span> ${esc(verdictLine(s))}</p>
${toc(s, paperSection(s) !== "")}
<h2 id="summary">Summary</h2>${table(summaryRows(s))}
${s.slo.checks.length ? `<h3 id="slo">SLO checks</h3>${table(checks)}` : ""}
<h3>Streams and cost</h3>${table(streams)}
${blackBoxSection}
${runSection(s)}
${ledgerSection(s)}
${trafficSection(s)}
${residency ? `<h3>Residency</h3><p class="muted">${esc(RESIDENCY_NOTE)}</p>${table(residency)}` : ""}
${tiers ? `<h3>Degradation tiers</h3><p class="muted">${esc(TIER_NOTE)}</p>${table(tiers)}` : ""}
${sessions ? `<h3>Conversations</h3><p class="muted">${esc(SESSION_NOTE)}</p>${table(sessions)}` : ""}
${repeatsSection(s)}
${paperSection(s)}
<h2 id="charts">Charts</h2>
${overview.map(figureTag).join("\n")}
<h2 id="incidents">Incidents</h2><p class="muted">${HOVER_NOTE}</p>
${incidents || "<p>No attack in this run.</p>"}
<h2 id="definitions">Definitions</h2><dl>${Object.entries(FIGURE_DEFINITIONS)
    .map(([k, v]) => `<dt>${esc(FIGURE_NAMES[k as keyof typeof FIGURE_DEFINITIONS])}</dt><dd>${esc(v)}</dd>`)
    .join("")}</dl>
</body></html>
`;
}

/** The note under the Incidents heading (raw HTML, inserted as it is). */
const HOVER_NOTE = "Hover a figure's name for its definition; all definitions are listed at the end.";

/** The table of contents: a link to every top-level section the page has. */
function toc(s: Summary, paper: boolean): string {
  const entries: Array<[string, string]> = [
    ["summary", "Summary"],
    ...(s.slo.checks.length ? ([["slo", "SLO checks"]] as Array<[string, string]>) : []),
    ["run", "What was run"],
    ["ledger", "Attack ledger"],
    ["errors", "Errors, attempts and retries"],
    ...(s.strategies.some((x) => x.repeats > 1) ? ([["repeats", "Repeats"]] as Array<[string, string]>) : []),
    ...(paper ? ([["paper", "Beside the paper"]] as Array<[string, string]>) : []),
    ["charts", "Charts"],
    ["incidents", "Incidents"],
    ["definitions", "Definitions"],
  ];
  const links = entries.map(([id, name]) => `<a href="#${id}">${esc(name)}</a>`).join(" ");
  return `<nav class="toc" aria-label="Contents"><strong>Contents</strong> ${links}</nav>`;
}
