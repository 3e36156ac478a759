import type { AttackSpec } from "@faultline/scenario";
import type { AttackScheduler } from "../attack-scheduler.js";
import type { LoadGenerator } from "../load-generator.js";
import type { ManagedNode } from "../node-process.js";
import type { LoadTarget } from "../systems/load-target.js";

/** What the live metrics read from the pass in progress, at scrape time. */
export interface PassView {
  /** The system under test (strategy preset or black box): the `system` label. */
  system: string;
  elapsedMs: () => number;
  durationMs: number;
  load: LoadGenerator;
  attacks: AttackScheduler;
  planned: readonly AttackSpec[];
  target: LoadTarget;
  nodes: readonly ManagedNode[];
}
