import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from "pure-rand";

/** A seeded stream of uniform numbers in [0, 1); one seed and one label always give one stream. */
export interface SeededStream {
  /** Next uniform number in [0, 1). */
  next(): number;
}

function hashLabel(label: string): number {
  // FNV-1a: separates streams (targets, each monkey) drawn from one scenario seed.
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A stream for one purpose (`label`) drawn from the scenario seed, so adding a monkey does not shift another's draws. */
export function seededStream(seed: number, label: string): SeededStream {
  const rng: RandomGenerator = xoroshiro128plus((seed ^ hashLabel(label)) >>> 0);
  return { next: () => unsafeUniformIntDistribution(0, 0xffffffff, rng) / 0x100000000 };
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
