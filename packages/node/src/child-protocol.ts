// @faultline/node/child-protocol: what the parent of a forked node needs (the runner), without the
// servers: the entry it forks, the attempt records the child sends, and the text an attempt sent.
// The package's index loads fastify, prom-client and the proxy, about a quarter of a second of a
// short run's start-up that the runner never used.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type { NodeEvent } from "./sim-node.js";
export type { AttemptRecord, AttemptOutcome, AttemptBatch } from "./attempt-log.js";
export { attemptRecords } from "./attempt-log.js";
export { completionText } from "./gpu/token-text.js";

const BUNDLED_ENTRY = fileURLToPath(new URL("./child-bundle.js", import.meta.url));

/**
 * Absolute path of the child-process entry the runner forks: the build's bundle of child.js
 * (scripts/bundle.mjs), or child.js itself where there is none.
 */
export const NODE_CHILD_ENTRY: string = existsSync(BUNDLED_ENTRY)
  ? BUNDLED_ENTRY
  : fileURLToPath(new URL("./child.js", import.meta.url));
