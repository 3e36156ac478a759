import { DEFAULT_PERSONA } from "@faultline/node/tables";
import { checkFigures, type StopKey } from "@faultline/contracts";
import { jurisdictionTags } from "@faultline/contracts";
import { parseDuration, parseRate, parseThreshold } from "@faultline/core";
import type { Analysis } from "./analyse.js";
import { SCENARIO_DEFAULTS } from "./defaults.js";
import { buildSession } from "./build-session.js";
import { expandOccurrences, scaleAttacks } from "./expand.js";
import type { LoadSpec, NodeSpec, RequestClass, Scenario, SloSpec, StopCondition, SystemSpec } from "./types.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw YAML, read after the schema checked it
type Raw = Record<string, any>;
type Range = { min: number; max: number };

function tokens(value: unknown, fallback: Range): Range {
  if (typeof value === "number") return Object.freeze({ min: value, max: value });
  if (value && typeof value === "object") return Object.freeze({ ...(value as Range) });
  return fallback;
}

function rates(rate: unknown): { rate: number; rateEnd: number } {
  if (rate === undefined) return { rate: SCENARIO_DEFAULTS.load.rate, rateEnd: SCENARIO_DEFAULTS.load.rate };
  if (rate !== null && typeof rate === "object") {
    const r = rate as { from: unknown; to: unknown };
    return { rate: parseRate(r.from, "load.rate.from"), rateEnd: parseRate(r.to, "load.rate.to") };
  }
  const value = parseRate(rate, "load.rate");
  return { rate: value, rateEnd: value };
}

function buildLoad(raw: Raw | undefined, timeScale: number): LoadSpec {
  const d = SCENARIO_DEFAULTS.load;
  const load = raw ?? {};
  const stream = typeof load.stream === "number" ? load.stream : d.stream;
  const promptTokens = tokens(load.promptTokens, d.promptTokens);
  const maxTokens = tokens(load.maxTokens, d.maxTokens);
  const classes: RequestClass[] | undefined = Array.isArray(load.classes)
    ? load.classes.map((c: Raw) =>
        Object.freeze({
          name: c.name,
          // A conversation class is not drawn by the open-model arrivals: its sessions have their own schedule.
          weight: c.session ? 0 : c.weight,
          stream: typeof c.stream === "number" ? c.stream : stream,
          promptTokens: tokens(c.promptTokens, promptTokens),
          maxTokens: tokens(c.maxTokens, maxTokens),
          residency: typeof c.residency === "string" ? c.residency.trim().toLowerCase() : null,
          minTier: c.minTier ?? null,
          session: buildSession(c.session, timeScale),
        })
      )
    : undefined;
  return Object.freeze({
    ...rates(load.rate),
    arrival: load.arrival ?? d.arrival,
    stream,
    promptTokens,
    maxTokens,
    timeoutMs: load.timeout === undefined ? d.timeoutMs : parseDuration(load.timeout, "load.timeout"),
    ...(classes ? { classes: Object.freeze(classes) } : {}),
  });
}

function buildSlo(raw: Raw | undefined, field: string): SloSpec {
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(raw ?? {})) out[key] = parseThreshold(text, `${field}.${key}`);
  return Object.freeze(out) as SloSpec;
}

function buildNodes(raw: Raw): NodeSpec[] {
  return Object.entries(raw).map(([name, n]: [string, Raw]) =>
    Object.freeze({
      name,
      profile: n.profile ?? "external",
      persona: n.persona ?? DEFAULT_PERSONA,
      cloud: n.cloud ?? null,
      region: n.region ?? null,
      overrides: Object.freeze({ ...(n.overrides ?? {}) }),
      url: n.url ?? null,
      adminUrl: n.adminUrl ?? (typeof n.url === "string" ? new URL(n.url).origin : null),
      costPerHour: n.costPerHour ?? null,
      costPer1kTokens: n.costPer1kTokens ?? null,
      supportsPrefill: n.supportsPrefill ?? false,
      jurisdiction: jurisdictionTags(n.jurisdiction),
      tier: n.tier ?? SCENARIO_DEFAULTS.node.tier,
      maxTokens: n.maxTokens ?? null,
      quality: n.quality ?? SCENARIO_DEFAULTS.node.quality,
    })
  );
}

/** Builds the resolved, frozen Scenario from data that analyseScenario found valid. */
export function buildScenario(
  raw: Raw,
  analysis: Analysis,
  file: string,
  timeScale: number,
  listed: readonly SystemSpec[]
): Scenario {
  const nodes = buildNodes(raw.nodes);
  // Without client.strategy, the verdict is judged on the last system listed: lists run from baseline to the system
  // under test.
  const strategy = raw.client?.strategy ?? (listed.length > 0 ? listed.at(-1)!.name : SCENARIO_DEFAULTS.strategy);
  const systems: readonly SystemSpec[] =
    listed.length > 0 ? listed : [Object.freeze({ kind: "preset" as const, name: strategy })];
  const durationMs = Math.round(analysis.runMs * timeScale);
  const attacks = scaleAttacks(expandOccurrences(analysis.occurrences, analysis.seed), timeScale, durationMs)
    .sort((a, b) => a.atMs - b.atMs)
    .map((a) => Object.freeze({ ...a, params: Object.freeze({ ...a.params }) }));
  const stopConditions: StopCondition[] = (raw.stop ?? []).map((s: Raw, i: number) =>
    Object.freeze({
      key: stopKeyOf(s),
      threshold: parseThreshold(s[stopKeyOf(s)], `stop[${i}].${stopKeyOf(s)}`),
      windowMs: Math.round((s.for === undefined ? SCENARIO_DEFAULTS.stopWindowMs : parseDuration(s.for)) * timeScale),
    })
  );
  return Object.freeze({
    name: raw.name,
    file,
    durationMs,
    seed: analysis.seed,
    ...(raw.metricsPort !== undefined ? { metricsPort: raw.metricsPort as number } : {}),
    nodes: Object.freeze(nodes),
    client: Object.freeze({
      strategy,
      order: Object.freeze(raw.client?.order ?? nodes.map((n) => n.name)),
      options: Object.freeze({ ...(raw.client?.options ?? {}) }),
    }),
    strategies: Object.freeze(systems.map((s) => s.name)),
    systems: Object.freeze([...systems]),
    load: buildLoad(raw.load, timeScale),
    attacks: Object.freeze(attacks),
    slo: buildSlo(raw.slo, "slo"),
    steadyState: buildSlo(raw.steadyState, "steadyState"),
    timeScale,
    stopConditions: Object.freeze(stopConditions),
  });
}

/** The one figure a stop condition watches (check-stop.ts made sure there is exactly one). */
function stopKeyOf(s: Raw): StopKey {
  return [...checkFigures("stop").keys()].find((k) => k in s) as StopKey;
}
