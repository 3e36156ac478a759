import { didYouMean, isDuration, parseDuration } from "@faultline/core";
import { FLEET_DEFAULTS } from "./defaults.js";
import type { Problems } from "./problems.js";
import type { FailoverLayer, Provider, Unit } from "./types.js";

const HOUR_MS = 3_600_000;
const FAILOVER_KEYS = ["chain", "residency", "detection", "success", "failback"];

/**
 * Resolves `failover:`. A chain entry is `provider` (all its units), `provider/model` (that model in every region) or
 * `provider/model@region`; the default chain is every unit in file order. Residency drops units outside its regions.
 */
export function resolveFailover(
  raw: unknown,
  providers: Provider[],
  units: Unit[],
  p: Problems,
  declared: readonly string[]
): FailoverLayer | undefined {
  const o = p.object(raw ?? {}, "failover");
  if (!o) return undefined;
  p.onlyKeys(o, "failover", FAILOVER_KEYS);
  const d = FLEET_DEFAULTS.failover;
  const detection = duration(o["detection"] ?? d.detection, "failover.detection", p);
  const failback = duration(o["failback"] ?? d.failback, "failover.failback", p);
  const success = p.share(o["success"] ?? d.success, "failover.success");
  let residency: string[] | null = null;
  if (o["residency"] !== undefined) {
    const r = o["residency"];
    if (Array.isArray(r) && r.length > 0 && r.every((x) => typeof x === "string")) residency = r as string[];
    else p.add("failover.residency", "must be a non-empty list of region names the chain may use");
  }
  let chain: number[] = units.map((_, i) => i);
  if (o["chain"] !== undefined) {
    if (!Array.isArray(o["chain"]) || o["chain"].length === 0) {
      p.add("failover.chain", "must be a non-empty list of provider, provider/model or provider/model@region");
      return undefined;
    }
    chain = [];
    o["chain"].forEach((entry, i) =>
      chain.push(...chainEntry(entry, `failover.chain[${i}]`, providers, units, p, declared))
    );
  }
  chain = [...new Set(chain)];
  if (residency && chain.length > 0) {
    const allowed = residency;
    chain = chain.filter((u) => allowed.includes(units[u]!.region));
    if (chain.length === 0)
      p.add("failover.residency", `leaves no unit in the chain; the fleet's regions are ${regionsOf(units)}`);
  }
  if (detection === undefined || failback === undefined || success === undefined || chain.length === 0)
    return undefined;
  return { chain, detectionHours: detection / HOUR_MS, success, failbackHours: failback / HOUR_MS, residency };
}

function chainEntry(
  entry: unknown,
  field: string,
  providers: Provider[],
  units: Unit[],
  p: Problems,
  declared: readonly string[]
): number[] {
  const m = typeof entry === "string" ? /^([^/@]+)(?:\/([^@]+))?(?:@(.+))?$/.exec(entry) : null;
  if (!m) {
    p.add(field, `${JSON.stringify(entry)} is not provider, provider/model or provider/model@region`);
    return [];
  }
  const [, provider, model, region] = m;
  const index = providers.findIndex((x) => x.name === provider);
  if (index < 0 && declared.includes(provider!)) return []; // its own problems are reported already
  if (index < 0) {
    const names = [...declared];
    p.add(
      field,
      `unknown provider "${provider}"${didYouMean(provider!, names)}; the providers are ${names.join(", ")}`
    );
    return [];
  }
  const picked = providers[index]!.units.filter(
    (u) => (model === undefined || units[u]!.model === model) && (region === undefined || units[u]!.region === region)
  );
  if (picked.length === 0)
    p.add(
      field,
      `provider "${provider}" has no unit ${entry}; ` +
        `its units are ${providers[index]!.units.map((u) => units[u]!.id).join(", ")}`
    );
  return picked;
}

function regionsOf(units: Unit[]): string {
  return [...new Set(units.map((u) => u.region))].join(", ");
}

function duration(raw: unknown, field: string, p: Problems): number | undefined {
  if (isDuration(raw)) return parseDuration(raw, field);
  p.add(field, `${JSON.stringify(raw)} is not a duration (use 100ms, 30s, 5m, 1h)`);
  return undefined;
}
