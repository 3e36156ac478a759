export { FaultlineError, isFaultlineError, CoreErrorCodes } from "./errors.js";
export { parseDuration, isDuration, parseRate, parseThreshold, meetsThreshold, formatMs } from "./units.js";
export type { Threshold } from "./units.js";
export { systemClock, sleep, runClock } from "./clock.js";
export type { Clock, Timer } from "./clock.js";
export { didYouMean } from "./suggest.js";
export { createRandom } from "./random.js";
export type { Random } from "./random.js";
export { FakeClock } from "./fake-clock.js";
