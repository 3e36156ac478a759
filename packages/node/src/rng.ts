/** The node's seeded random source: the one implementation in @faultline/core. */
export { createRandom as createRng, type Random as Rng } from "@faultline/core";
