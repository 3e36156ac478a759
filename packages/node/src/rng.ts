import { xoroshiro128plus } from "pure-rand";

/** A seeded source of uniform numbers in [0, 1): one seed gives one run. */
export interface Rng {
  /** Next uniform float in [0, 1). */
  next(): number;
}

/** Creates the node's random source from a seed (xoroshiro128+ via pure-rand). */
export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed | 0);
  // unsafeNext mutates in place: no allocation per draw on the hot path.
  return { next: () => (gen.unsafeNext() >>> 0) / 4294967296 };
}
