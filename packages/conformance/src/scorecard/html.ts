import type { Scorecard } from "../case-result.js";
import { CASE_GROUPS } from "../case.js";
import { VERDICT_ORDER, VERDICTS } from "../verdicts.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const COLOURS: Record<string, string> = {
  pass: "#2e7d32",
  partial: "#f9a825",
  safe: "#1565c0",
  fail: "#c62828",
  "not-run": "#757575",
};

/** The scorecard as an HTML section (a heading, the legend, one table per group). */
export function scorecardSection(s: Scorecard): string {
  const badge = (v: string) =>
    `<span style="background:${COLOURS[v]};color:white;padding:1px 8px;border-radius:3px;font-weight:bold">` +
    `${esc(v)}</span>`;
  const legend = VERDICT_ORDER.map((v) => `<li>${badge(v)} ${esc(VERDICTS[v])}</li>`).join("");
  const groups = CASE_GROUPS.map((g) => {
    const rows = s.cases.filter((c) => c.group === g);
    if (rows.length === 0) return "";
    const body = rows
      .map(
        (c) =>
          `<tr id="case-${esc(c.id)}"><td><b>${esc(c.title)}</b><br><code>${esc(c.id)}</code>` +
          `${c.required ? " (required)" : ""}</td>` +
          `<td>${badge(c.verdict)}</td><td>${esc(c.property)}</td><td>${esc(c.reason)}` +
          `${c.runDir ? `<br><span class="muted">${esc(c.runDir)}/events.db</span>` : ""}</td></tr>`
      )
      .join("");
    const head = "<tr><th>case</th><th>verdict</th><th>property</th><th>evidence</th></tr>";
    return `<h3>${esc(g)}</h3><table><thead>${head}</thead><tbody>${body}</tbody></table>`;
  }).join("");
  const counts = VERDICT_ORDER.map((v) => `${s.counts[v]} ${v}`).join(", ");
  return (
    `<section id="conformance"><h2>Conformance: ${esc(s.system)}</h2>` +
    `<p>${esc(counts)}; ${s.cases.length} cases in ${(s.wallMs / 1000).toFixed(1)} s, ` +
    `started ${esc(s.startedAt)}.</p>` +
    `<ul class="muted">${legend}</ul>${groups}</section>`
  );
}

/** A whole page holding the section, written as report.html in the conformance run folder. */
export function scorecardHtml(s: Scorecard): string {
  const style =
    'body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:1200px;margin:24px auto;' +
    "padding:0 16px;color:#222;line-height:1.45}" +
    "table{border-collapse:collapse;margin:8px 0;font-size:13px}" +
    "th,td{padding:4px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}" +
    "th{background:#f6f6f6}.muted{color:#666;font-size:12px}h2{border-bottom:1px solid #ddd}";
  const head =
    `<head><meta charset="utf-8"><title>faultline conformance: ${esc(s.system)}</title>` +
    `<style>${style}</style></head>`;
  return (
    `<!doctype html><html lang="en">${head}` +
    `<body><h1>faultline conformance</h1>${scorecardSection(s)}</body></html>\n`
  );
}
