import type { AttackItemInput, LoadInput, NodeInput } from "@faultline/scenario";
import type { CaseEvidence } from "./evidence/case-evidence.js";
import type { Verdict } from "./verdicts.js";

/** The catalogue's groups, in the order the scorecard lists them. */
export const CASE_GROUPS = Object.freeze([
  "rate limits and overload",
  "errors and silence before the answer",
  "stream faults",
  "requests that must not be retried as they are",
  "fleet behaviour",
] as const);

/** One of CASE_GROUPS. */
export type CaseGroup = (typeof CASE_GROUPS)[number];

/** A case's verdict and the figures from events.db that decided it. */
export interface Graded {
  readonly verdict: Verdict;
  /** One line: why this verdict. */
  readonly reason: string;
}

/**
 * One conformance case: a short, time-compressed scenario with two nodes
 * (`primary` = the system's endpoint 0, `backup` = endpoint 1), the faults on
 * them, the load, and the one property checked against events.db. A case is
 * data plus one `grade` function, so adding one is one entry in a catalogue file.
 */
export interface ConformanceCase {
  /** Stable id, used by --cases, --required, JUnit and docs/conformance.md. */
  readonly id: string;
  readonly group: CaseGroup;
  /** The fault, in a few words (the scorecard's first column). */
  readonly title: string;
  /** The property checked, one sentence (docs and JUnit). */
  readonly property: string;
  /** Pass length; every case is short, so the catalogue fits in two minutes. */
  readonly durationMs: number;
  /** Node fields beyond the defaults (profile `zero`, paced tokens), by node name. */
  readonly nodes?: Readonly<Partial<Record<"primary" | "backup", NodeInput>>>;
  /** The load, over the defaults of CONFORMANCE_DEFAULTS.load. */
  readonly load?: LoadInput;
  /** The fault timeline, in scenario syntax (times from the start of the pass). */
  readonly attacks: readonly AttackItemInput[];
  /**
   * Statuses that must never be retried as they are: an attempt after one of
   * these on the same node, for the same request, is a fail whatever else happened.
   */
  readonly nonRetryableStatuses?: readonly number[];
  /** The case's own rules, applied after the common fail rules (rules.ts) found nothing. */
  readonly grade: (e: CaseEvidence) => Graded;
}
