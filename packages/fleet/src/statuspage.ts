import { readFileSync } from "node:fs";
import { FaultlineError } from "@faultline/core";
import { FLEET_DEFAULTS } from "./defaults.js";
import { FleetErrorCodes } from "./errors.js";
import { scenarioYaml } from "./scenario-yaml.js";
import { EXPORT_LOAD, attacksForImpact, ms, nodeName, type GeneratedAttack } from "./impact-attacks.js";

/** One incident of a Statuspage history, as its public API (`/api/v2/incidents.json`) publishes it. */
interface StatuspageIncident {
  name?: string;
  impact?: string;
  created_at?: string;
  started_at?: string;
  resolved_at?: string | null;
  incident_updates?: Array<{ status?: string; created_at?: string }>;
  components?: Array<{ name?: string }>;
}

/** Steady state before the first incident, so the run has a baseline to judge it against. */
const LEAD_MS = 1000;

/** Impacts that change nothing for requests (scheduled maintenance, notices) are left out of the timeline. */
const NO_EFFECT = ["none", "maintenance"];

const bad = (field: string, message: string) =>
  new FaultlineError(FleetErrorCodes.FAULTLINE_STATUSPAGE_INVALID, `${field}: ${message}`, { field });

function time(value: unknown, field: string): number {
  const t = typeof value === "string" ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw bad(field, `${JSON.stringify(value)} is not an ISO 8601 date`);
  return t;
}

/**
 * Turns a Statuspage incident history into scenario YAML: each affected component is a node, each incident's
 * window (started_at or created_at, to resolved_at or its `resolved` update) becomes attacks on them with the impact
 * mapping `faultline fleet` uses (minor/major/critical → error share and added latency), compressed by `timeScale`.
 * The first malformed entry is named, e.g. `incidents[3].resolved_at`.
 */
export function statuspageScenario(json: unknown, timeScale: number, source = "incidents.json"): string {
  const doc = json as { page?: { name?: string }; incidents?: unknown };
  if (!doc || typeof doc !== "object" || !Array.isArray(doc.incidents) || doc.incidents.length === 0)
    throw bad("incidents", `${source} has no "incidents" list (the shape of a status page's /api/v2/incidents.json)`);
  const windows: Array<{ id: string; start: number; end: number; level: string; nodes: string[] }> = [];
  doc.incidents.forEach((raw: unknown, i) => {
    const f = `incidents[${i}]`;
    if (!raw || typeof raw !== "object") throw bad(f, "is not an incident object");
    const inc = raw as StatuspageIncident;
    const impact = inc.impact;
    if (typeof impact !== "string" || ![...NO_EFFECT, "minor", "major", "critical"].includes(impact))
      throw bad(`${f}.impact`, `${JSON.stringify(impact)} is not none, minor, major, critical or maintenance`);
    const start = time(inc.started_at ?? inc.created_at, `${f}.${inc.started_at ? "started_at" : "created_at"}`);
    const resolvedUpdate = (inc.incident_updates ?? []).find((u) => u.status === "resolved");
    const endRaw = inc.resolved_at ?? resolvedUpdate?.created_at;
    if (endRaw === undefined || endRaw === null)
      throw bad(`${f}.resolved_at`, "missing, and no update has status resolved: the incident has no end");
    const end = time(endRaw, `${f}.resolved_at`);
    if (end < start) throw bad(`${f}.resolved_at`, `${String(endRaw)} is before the incident's start`);
    if (NO_EFFECT.includes(impact)) return;
    const comps = (inc.components ?? [])
      .map((c) => c.name)
      .filter((n): n is string => typeof n === "string" && n.length > 0);
    windows.push({
      id: nodeName(`i${i}-${impact}`),
      start,
      end,
      level: impact,
      nodes: (comps.length ? comps : ["service"]).map(nodeName),
    });
  });
  if (windows.length === 0) throw bad("incidents", "every incident has impact none or maintenance: nothing to replay");
  const t0 = Math.min(...windows.map((w) => w.start));
  const last = Math.max(...windows.map((w) => w.end));
  const nodes = [...new Set(windows.flatMap((w) => w.nodes))];
  const attacks: GeneratedAttack[] = windows.flatMap((w) => {
    const level = FLEET_DEFAULTS.impact.find((l) => l.name === w.level)!;
    return w.nodes.flatMap((n) =>
      attacksForImpact(`${w.id}-${n}`, n, LEAD_MS + (w.start - t0) * timeScale, (w.end - w.start) * timeScale, level)
    );
  });
  const scenario = {
    name: nodeName(`replay-${doc.page?.name ?? "statuspage"}`),
    duration: ms(LEAD_MS + (last - t0) * timeScale * 1.05 + 1000),
    nodes: Object.fromEntries(nodes.map((n) => [n, { profile: "h100-llama3-8b" }])),
    client: { strategy: "active-passive", order: nodes },
    load: EXPORT_LOAD(50),
    attacks,
  };
  const header =
    `# Replayed from ${source} by \`faultline replay statuspage\`: ` +
    `${windows.length} incidents from ${new Date(t0).toISOString()}, time scale ${timeScale.toPrecision(3)}.`;
  return `${header}\n${scenarioYaml(scenario)}`;
}

/** Reads a Statuspage JSON file; a file that is not JSON is refused with the parser's position. */
export function readStatuspageFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw bad("file", `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw bad("file", `${file} is not JSON: ${(err as Error).message}`);
  }
}
