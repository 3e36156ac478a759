import type { Summary } from "../types.js";
import { dur, pct } from "./format.js";
import { esc, table } from "./html-table.js";

/** Shows a value compactly: objects as `key=value` pairs, so a load profile fits one cell. */
function compact(v: unknown): string {
  if (v === null || v === undefined) return "n/a";
  if (typeof v !== "object") return String(v);
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}=${typeof x === "object" && x !== null ? JSON.stringify(x) : String(x)}`)
    .join(" ");
}

/** "What was run": scenario file, pass length, time scale, load, nodes, client options, host. */
export function runSection(s: Summary): string {
  const c = s.postmortem.context;
  const p = s.postmortem.traffic;
  const host = c.host
    ? `${c.host.hostname}: ${c.host.platform}/${c.host.arch}, ${c.host.cpus} × ${c.host.cpuModel}, ` +
      `${c.host.memoryGiB} GiB, Node ${c.host.node}`
    : "not recorded";
  const rows = [
    ["", ""],
    ["scenario file", c.scenarioFile ?? "n/a"],
    ["pass length (planned)", c.plannedPassMs === null ? "n/a" : dur(c.plannedPassMs)],
    [
      "passes (actual length)",
      p.map((x) => `${x.strategy}${x.repeat ? ` #${x.repeat}` : ""} ${dur(x.actualMs)}`).join(", "),
    ],
    [
      "time scale",
      c.timeScale === null ? "n/a" : c.timeScale === 1 ? "1 (as written)" : `${c.timeScale} (times scaled)`,
    ],
    ["load", compact(c.load)],
    ["client", `gate ${c.client.gateStrategy ?? "n/a"}, order ${c.client.order.join(" → ") || "n/a"}`],
    ["client options", Object.keys(c.client.options).length ? compact(c.client.options) : "the presets' defaults"],
    ["host", host],
  ];
  const nodes = [
    ["node", "profile", "cloud", "region", "url"],
    ...c.nodes.map((n) => [n.name, n.profile, n.cloud ?? "", n.region ?? "", n.url ?? "started by the runner"]),
  ];
  return (
    `<h2 id="run">What was run</h2><div class="scroll"><table class="kv"><tbody>${rows
      .slice(1)
      .map(([k, v]) => `<tr><td>${esc(k!)}</td><td>${esc(v!)}</td></tr>`)
      .join("")}</tbody></table></div>` + (c.nodes.length ? `<h3>Nodes</h3>${table(nodes)}` : "")
  );
}

/** "What was done": every attack, planned against actual, with its revert and whether its target carried traffic. */
export function ledgerSection(s: Summary): string {
  const ledger = s.postmortem.ledger;
  if (ledger.length === 0) return `<h2 id="ledger">Attack ledger</h2><p>No attack in this run.</p>`;
  const rows = [
    [
      "pass",
      "attack",
      "fault",
      "target",
      "planned",
      "started",
      "late",
      "planned end",
      "reverted",
      "verified",
      "target traffic",
    ],
    ...ledger.map((a) => [
      `${a.strategy}${a.repeat ? ` #${a.repeat}` : ""}`,
      a.attackId,
      `${a.fault}${Object.keys(a.params).length ? ` ${compact(a.params)}` : ""}`,
      a.target,
      dur(a.plannedMs),
      a.startMs === null ? `not injected: ${a.error ?? "unknown"}` : dur(a.startMs),
      a.lateMs === null ? "" : dur(a.lateMs),
      a.plannedEndMs === null ? "end of pass" : dur(a.plannedEndMs),
      a.revertedMs === null ? (a.startMs === null ? "" : "not reverted") : dur(a.revertedMs),
      a.verified === null ? "" : a.verified ? "✓" : `✗ ${a.error ?? ""}`.trim(),
      a.targetRequests === null
        ? ""
        : a.targetRequests === 0
          ? "⚠ target served 0 requests during this attack"
          : `${a.targetRequests} requests`,
    ]),
  ];
  const idle = ledger.filter((a) => a.targetRequests === 0).length;
  const note = idle
    ? `<p class="warn">⚠ ${idle} attack(s) hit a target that carried no traffic while attacked: ` +
      `they changed nothing the caller could see.</p>`
    : "";
  return (
    `<h2 id="ledger">Attack ledger</h2><p class="muted">Times since the pass started. ` +
    `"Target traffic": requests the target answered, or failed last, while the fault was in effect.</p>` +
    `${note}${table(rows)}`
  );
}

/** How the client worked and what failed: attempts, retries and errors by class, per pass. */
export function trafficSection(s: Summary): string {
  const classes = [...new Set(s.passes.flatMap((p) => Object.keys(p.errorsByClass)))].sort();
  const rows = [
    ["pass", "requests", "attempts", "attempts/request", "retries", "failed", ...classes],
    ...s.passes.map((p) => {
      const t = s.postmortem.traffic.find((x) => x.passId === p.passId);
      return [
        `${p.strategy}${p.repeat ? ` #${p.repeat}` : ""}`,
        String(p.requests.total),
        String(t?.attempts ?? "n/a"),
        t?.attemptsPerRequest == null ? "n/a" : t.attemptsPerRequest.toFixed(2),
        String(t?.retries ?? "n/a"),
        `${p.requests.failed} (${pct(p.errorRate)})`,
        ...classes.map((c) => (p.errorsByClass[c] === undefined ? "0" : pct(p.errorsByClass[c]))),
      ];
    }),
  ];
  return (
    `<h2 id="errors">Errors, attempts and retries</h2><p class="muted">Failed requests by failure class, ` +
    `as a share of all the pass's requests (docs/analytics.md lists the classes); ` +
    `attempts include retries and hedges.</p>${table(rows)}`
  );
}
