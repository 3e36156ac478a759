import type { Random } from "@faultline/core";
import type { Distribution } from "./types.js";

/** A standard normal variate (Box–Muller); 1 − u keeps log away from 0. */
export function normal(rng: Random): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** Draws one duration, in hours. */
export function sample(d: Distribution, rng: Random): number {
  switch (d.kind) {
    case "lognormal":
      return Math.exp(d.mu + d.sigma * normal(rng));
    case "exponential":
      return -Math.log(1 - rng.next()) * d.meanHours;
    case "weibull":
      return d.scaleHours * Math.pow(-Math.log(1 - rng.next()), 1 / d.shape);
  }
}

/** The distribution's mean, in hours. */
export function mean(d: Distribution): number {
  switch (d.kind) {
    case "lognormal":
      return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case "exponential":
      return d.meanHours;
    case "weibull":
      return d.scaleHours * gamma(1 + 1 / d.shape);
  }
}

// Lanczos approximation (g = 7, n = 9): 15 significant digits, enough for a Weibull mean.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** The gamma function for x > 0. */
export function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * a;
}

/** A lognormal whose mean is `meanHours`, keeping σ: used to solve a provider's gap from its stated availability. */
export function lognormalWithMean(meanHours: number, sigma: number): Distribution {
  return { kind: "lognormal", mu: Math.log(meanHours) - (sigma * sigma) / 2, sigma };
}
