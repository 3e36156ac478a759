import { FaultlineError } from "@faultline/core";
import { FLEET_DEFAULTS } from "./defaults.js";
import { mean } from "./distribution.js";
import { FleetErrorCodes } from "./errors.js";
import { Problems } from "./problems.js";
import { resolveDistribution } from "./resolve-distribution.js";
import { resolveFailover } from "./resolve-failover.js";
import { resolveProvider } from "./resolve-provider.js";
import type { Fleet, ImpactLevel, Provider, Unit } from "./types.js";

const TOP_KEYS = ["name", "seed", "monthHours", "providers", "commonCause", "profile", "impact", "failover"];
const LEVELS = ["minor", "major", "critical"] as const;

/**
 * Validates an authored fleet (parsed YAML) once, at the boundary, and returns it resolved and frozen. Every problem
 * is reported together, each naming its field; the first is the message (FAULTLINE_FLEET_INVALID, exit 2).
 */
export function resolveFleet(raw: unknown, source = "fleet file"): Fleet {
  const p = new Problems();
  const o = p.object(raw, "(top level)") ?? {};
  p.onlyKeys(o, "(top level)", TOP_KEYS);
  const name = typeof o["name"] === "string" && o["name"] ? o["name"] : "fleet";
  const seed = p.number(
    o["seed"] ?? FLEET_DEFAULTS.seed,
    "seed",
    (n) => Number.isInteger(n) && n >= 0,
    "a whole number ≥ 0"
  );
  const monthHours = p.number(
    o["monthHours"] ?? FLEET_DEFAULTS.monthHours,
    "monthHours",
    (n) => n > 0,
    "above 0 (hours)"
  );
  const providers: Provider[] = [];
  const units: Unit[] = [];
  const rawProviders = p.object(o["providers"], "providers");
  if (rawProviders && Object.keys(rawProviders).length === 0) p.add("providers", "must name at least one provider");
  Object.entries(rawProviders ?? {}).forEach(([n, v]) => {
    const prov = resolveProvider(n, v, providers.length, units, p);
    if (prov) providers.push(prov);
  });
  const cc = p.object(o["commonCause"] ?? {}, "commonCause") ?? {};
  p.onlyKeys(cc, "commonCause", ["beta", "repair"]);
  const beta = p.number(
    cc["beta"] ?? FLEET_DEFAULTS.beta,
    "commonCause.beta",
    (b) => b >= 0 && b <= 1,
    "between 0 and 1"
  );
  // By default a common-cause event lasts as long as the first provider's incidents do, so β·U holds for a
  // uniform fleet.
  const commonRepair =
    cc["repair"] === undefined
      ? (providers[0]?.repair ?? FLEET_DEFAULTS.repair)
      : resolveDistribution(cc["repair"], "commonCause.repair", p);
  const profile = resolveProfile(o["profile"], p);
  const impact = resolveImpact(o["impact"], p);
  // Providers with problems of their own are still known names: the chain is checked against every name in the file.
  const failover = resolveFailover(o["failover"], providers, units, p, Object.keys(rawProviders ?? {}));
  let commonGapMeanHours = Infinity;
  if (beta !== undefined && beta > 0 && commonRepair && providers.length > 0) {
    // β-factor model: common-cause events occur at β × the mean provider incident rate; each provider keeps (1 − β).
    const rate = providers.reduce((s, x) => s + 1 / (mean(x.gap) + mean(x.repair)), 0) / providers.length;
    commonGapMeanHours = 1 / (beta * rate) - mean(commonRepair);
    if (commonGapMeanHours <= 0)
      p.add("commonCause.beta", `${beta} asks for more common-cause downtime than the providers have; lower it`);
    for (const x of providers) {
      const cycle = mean(x.gap) + mean(x.repair);
      x.gapScale = beta >= 1 ? Infinity : (cycle / (1 - beta) - mean(x.repair)) / mean(x.gap);
    }
  }
  if (
    p.list.length > 0 ||
    seed === undefined ||
    monthHours === undefined ||
    beta === undefined ||
    !commonRepair ||
    !profile ||
    !impact ||
    !failover
  ) {
    const lines = p.list.map((x) => `${source}: ${x.message}`);
    throw new FaultlineError(FleetErrorCodes.FAULTLINE_FLEET_INVALID, lines[0] ?? `${source}: invalid`, {
      field: p.list[0]?.field,
      details: lines,
    });
  }
  return deepFreeze({
    name,
    seed,
    monthHours,
    providers,
    units,
    beta,
    commonGapMeanHours,
    commonRepair,
    profile,
    impact,
    failover,
  });
}

function resolveProfile(raw: unknown, p: Problems): Fleet["profile"] | undefined {
  if (raw === undefined)
    return { weekday: [...FLEET_DEFAULTS.profile.weekday], hour: [...FLEET_DEFAULTS.profile.hour] };
  if (raw === "flat") return { weekday: Array(7).fill(1), hour: Array(24).fill(1) };
  const o = p.object(raw, "profile");
  if (!o) return undefined;
  p.onlyKeys(o, "profile", ["weekday", "hour"]);
  const list = (v: unknown, field: string, n: number, fallback: readonly number[]) => {
    if (v === undefined) return [...fallback];
    if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === "number" && x >= 0) && v.some((x) => x > 0))
      return v as number[];
    p.add(field, `must be ${n} relative rates ≥ 0, not all 0${n === 7 ? " (Monday first)" : " (UTC hours 0..23)"}`);
    return undefined;
  };
  const weekday = list(o["weekday"], "profile.weekday", 7, FLEET_DEFAULTS.profile.weekday);
  const hour = list(o["hour"], "profile.hour", 24, FLEET_DEFAULTS.profile.hour);
  return weekday && hour ? { weekday, hour } : undefined;
}

function resolveImpact(raw: unknown, p: Problems): ImpactLevel[] | undefined {
  if (raw === undefined) return FLEET_DEFAULTS.impact.map((l) => ({ ...l }));
  const o = p.object(raw, "impact");
  if (!o) return undefined;
  p.onlyKeys(o, "impact", LEVELS);
  const levels: ImpactLevel[] = [];
  for (const name of LEVELS) {
    const base = FLEET_DEFAULTS.impact.find((l) => l.name === name)!;
    const field = `impact.${name}`;
    const lv = o[name] === undefined ? { share: 0 } : p.object(o[name], field);
    if (!lv) return undefined;
    p.onlyKeys(lv, field, ["share", "errorShare", "extraLatencyMs"]);
    const share = p.share(lv["share"], `${field}.share`);
    const errorShare = p.share(lv["errorShare"] ?? base.errorShare, `${field}.errorShare`);
    const extra = p.number(
      lv["extraLatencyMs"] ?? base.extraLatencyMs,
      `${field}.extraLatencyMs`,
      (n) => n >= 0,
      "≥ 0"
    );
    if (share === undefined || errorShare === undefined || extra === undefined) return undefined;
    levels.push({ name, share, errorShare, extraLatencyMs: extra });
  }
  const total = levels.reduce((s, l) => s + l.share, 0);
  if (Math.abs(total - 1) > 1e-6) p.add("impact", `the levels' shares add up to ${total}; they must add up to 1`);
  return levels;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
