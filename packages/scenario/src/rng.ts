import { createRandom, type Random } from "@faultline/core";

/** A seeded stream of uniform numbers in [0, 1); one seed and one label always give one stream. */
export type SeededStream = Pick<Random, "next">;

/**
 * A stream for one purpose (`label`) drawn from the scenario seed, so adding a monkey does not shift another's draws.
 */
export function seededStream(seed: number, label: string): SeededStream {
  return createRandom(seed, label);
}

/** An exponential gap with the given mean: the inter-arrival time of a Poisson process. */
export function exponential(stream: SeededStream, mean: number): number {
  return -Math.log(1 - stream.next()) * mean;
}

/** Picks an index with probability proportional to its weight. */
export function weightedIndex(stream: SeededStream, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = stream.next() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}
