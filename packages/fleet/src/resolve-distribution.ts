import type { Problems } from "./problems.js";
import type { Distribution } from "./types.js";

const positive = (n: number) => n > 0;

/**
 * Reads `{ dist: lognormal, mu, sigma }`, `{ dist: exponential, mean }` or `{ dist: weibull, shape, scale }` (hours).
 * μ is a log-location and may be negative; every other parameter must be above 0.
 */
export function resolveDistribution(raw: unknown, field: string, p: Problems): Distribution | undefined {
  const o = p.object(raw, field);
  if (!o) return undefined;
  const dist = o["dist"] ?? "lognormal";
  if (dist === "lognormal") {
    p.onlyKeys(o, field, ["dist", "mu", "sigma"]);
    const mu = p.number(o["mu"], `${field}.mu`, () => true, "a number (the log of the median, in hours)");
    const sigma = p.number(o["sigma"], `${field}.sigma`, positive, "above 0");
    return mu === undefined || sigma === undefined ? undefined : { kind: "lognormal", mu, sigma };
  }
  if (dist === "exponential") {
    p.onlyKeys(o, field, ["dist", "mean"]);
    const meanHours = p.number(o["mean"], `${field}.mean`, positive, "above 0 (hours)");
    return meanHours === undefined ? undefined : { kind: "exponential", meanHours };
  }
  if (dist === "weibull") {
    p.onlyKeys(o, field, ["dist", "shape", "scale"]);
    const shape = p.number(o["shape"], `${field}.shape`, positive, "above 0");
    const scaleHours = p.number(o["scale"], `${field}.scale`, positive, "above 0 (hours)");
    return shape === undefined || scaleHours === undefined ? undefined : { kind: "weibull", shape, scaleHours };
  }
  p.add(`${field}.dist`, `${JSON.stringify(dist)} is not a distribution; use lognormal, exponential or weibull`);
  return undefined;
}
