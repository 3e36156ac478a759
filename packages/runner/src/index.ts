export { runScenario, makeRunId } from "./run.js";
export type { RunOptions, RunResult } from "./run.js";
export type { PassResult } from "./pass.js";
export type { LedgerEntry } from "./attack-scheduler.js";
export { formatProgressLine, formatEndpoints } from "./progress.js";
export type { ProgressSnapshot } from "./progress.js";
export { RunnerErrorCodes } from "./errors.js";
export { RUNNER_DEFAULTS } from "./defaults.js";
export { freeSpaceWarning, expectedRequests } from "./free-space.js";
