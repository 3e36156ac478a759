import { FLEET_DEFAULTS } from "./defaults.js";
import { lognormalWithMean, mean } from "./distribution.js";
import type { Problems } from "./problems.js";
import { resolveDistribution } from "./resolve-distribution.js";
import type { Distribution, Provider, Unit } from "./types.js";

const PROVIDER_KEYS = ["availability", "gap", "repair", "models", "regions", "correlation"];

/** Resolves one entry of `providers:`, appending its units to `units`. gapScale is set later, once β is known. */
export function resolveProvider(
  name: string,
  raw: unknown,
  index: number,
  units: Unit[],
  p: Problems
): Provider | undefined {
  const field = `providers.${name}`;
  const o = p.object(raw ?? {}, field);
  if (!o) return undefined;
  p.onlyKeys(o, field, PROVIDER_KEYS);
  const repair =
    o["repair"] === undefined ? FLEET_DEFAULTS.repair : resolveDistribution(o["repair"], `${field}.repair`, p);
  let gap = o["gap"] === undefined ? FLEET_DEFAULTS.gap : resolveDistribution(o["gap"], `${field}.gap`, p);
  const models = names(o["models"], `${field}.models`, FLEET_DEFAULTS.models, p);
  const regions = names(o["regions"], `${field}.regions`, FLEET_DEFAULTS.regions, p);
  if (o["availability"] !== undefined && gap && repair) {
    const a = p.share(o["availability"], `${field}.availability`);
    if (a !== undefined && (a <= 0 || a >= 1)) p.add(`${field}.availability`, "must be above 0% and below 100%");
    else if (a !== undefined) gap = withMean(gap, (mean(repair) * a) / (1 - a));
  }
  const first = units.length;
  for (const model of models)
    for (const region of regions) units.push({ id: `${name}/${model}@${region}`, provider: index, model, region });
  const ids = units.slice(first).map((_, i) => first + i);
  const correlation = resolveCorrelation(o["correlation"], `${field}.correlation`, ids.length, p);
  if (!gap || !repair || !correlation) return undefined;
  return {
    name,
    gap,
    repair,
    gapScale: 1,
    units: ids,
    correlation,
    nominalAvailability: mean(gap) / (mean(gap) + mean(repair)),
  };
}

/** The same distribution family with its mean moved to `m` (the shape parameter kept). */
function withMean(d: Distribution, m: number): Distribution {
  if (d.kind === "lognormal") return lognormalWithMean(m, d.sigma);
  if (d.kind === "exponential") return { kind: "exponential", meanHours: m };
  return { kind: "weibull", shape: d.shape, scaleHours: (d.scaleHours * m) / mean(d) };
}

function names(raw: unknown, field: string, fallback: readonly string[], p: Problems): string[] {
  if (raw === undefined) return [...fallback];
  if (Array.isArray(raw) && raw.length > 0 && raw.every((x) => typeof x === "string" && /^[A-Za-z0-9._-]+$/.test(x)))
    return raw as string[];
  p.add(field, "must be a non-empty list of names (letters, digits, '.', '_', '-')");
  return [...fallback];
}

/**
 * The within-provider matrix over units in `models × regions` order: a number (every pair) or an n×n matrix,
 * symmetric, values in [−1, 1], 1 on the diagonal.
 */
function resolveCorrelation(raw: unknown, field: string, n: number, p: Problems): number[][] | undefined {
  const fill = (v: number) =>
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : v)));
  if (raw === undefined) return fill(FLEET_DEFAULTS.withinProvider);
  if (typeof raw === "number") {
    return p.number(raw, field, (x) => x >= -1 && x <= 1, "between -1 and 1") === undefined ? undefined : fill(raw);
  }
  if (!Array.isArray(raw) || raw.length !== n || raw.some((row) => !Array.isArray(row) || row.length !== n)) {
    p.add(field, `must be a number or a ${n}×${n} matrix (one row and column per model × region, models first)`);
    return undefined;
  }
  const m = raw as unknown[][];
  let ok = true;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = m[i]![j];
      if (typeof v !== "number" || !(v >= -1 && v <= 1)) {
        p.add(`${field}[${i}][${j}]`, `${JSON.stringify(v)} is outside [-1, 1]`);
        ok = false;
      } else if (i === j && v !== 1) {
        p.add(`${field}[${i}][${i}]`, `the diagonal must be 1, got ${v}`);
        ok = false;
      } else if (j > i && typeof m[j]![i] === "number" && Math.abs(v - (m[j]![i] as number)) > 1e-9) {
        p.add(`${field}[${i}][${j}]`, `the matrix is not symmetric: ${v} here, ${String(m[j]![i])} at [${j}][${i}]`);
        ok = false;
      }
    }
  // A negative correlation between rare events cannot make one unit less likely to fail; it counts as 0.
  return ok ? m.map((row) => row.map((v) => Math.max(0, v as number))) : undefined;
}
