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

/** FNV-1a of a label: separates streams drawn from one seed (each monkey, each target pick). */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Creates a Random from a seed. Independent streams for different purposes
 * come from distinct `stream` numbers or labels, so adding one consumer (a
 * monkey block, say) never shifts the draws of another.
 */
export function createRandom(seed: number, stream: number | string = 0): Random {
  const salt = typeof stream === "string" ? hashLabel(stream) : Math.imul(stream + 1, 0x9e3779b1);
  // unsafeNext mutates in place: no allocation per draw on hot paths (node token jitter).
  const rng = xoroshiro128plus((seed ^ salt) | 0);
  const next = () => (rng.unsafeNext() >>> 0) / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    exponential: (mean) => -Math.log(1 - next()) * mean,
  };
}
