import { xoroshiro128plus } from "pure-rand";

/** A seeded source of uniform numbers: one seed gives one sequence, on every machine. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** An exponentially distributed value with the given mean (Poisson inter-arrival times). */
  exponential(mean: number): number;
}

/** Creates a Random from a seed; derive independent streams with distinct `stream` numbers. */
export function createRandom(seed: number, stream = 0): Random {
  const rng = xoroshiro128plus((seed ^ Math.imul(stream + 1, 0x9e3779b1)) | 0);
  const next = () => (rng.unsafeNext() >>> 0) / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    exponential: (mean) => -Math.log(1 - next()) * mean,
  };
}
