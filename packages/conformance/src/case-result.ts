import type { CaseGroup } from "./case.js";
import type { Verdict } from "./verdicts.js";

/** One case's line of the scorecard. */
export interface CaseResult {
  readonly id: string;
  readonly group: CaseGroup;
  readonly title: string;
  readonly property: string;
  readonly verdict: Verdict;
  /** Why, with the figures from events.db that decided it. */
  readonly reason: string;
  /** The user marked it required (`--required`): a fail exits 1. */
  readonly required: boolean;
  /** Requests the case sent (0 when not run). */
  readonly requests: number;
  /** The case's run folder (events.db, scenario.yaml), or null when not run. */
  readonly runDir: string | null;
  /** Wall time of the case, ms. */
  readonly wallMs: number;
  /** The provider personas the case's nodes wear (`persona:`), comma-separated, or null for the default. */
  readonly persona: string | null;
  /** Set when its faults did not land on time: the case is played again alone, once. */
  readonly unmeasured?: boolean;
}

/** The whole catalogue's result against one system. */
export interface Scorecard {
  readonly system: string;
  readonly startedAt: string;
  readonly wallMs: number;
  /** The conformance run folder. */
  readonly dir: string;
  readonly cases: readonly CaseResult[];
  readonly counts: Readonly<Record<Verdict, number>>;
  /** Required cases that failed; non-empty means exit 1. */
  readonly requiredFailed: readonly string[];
}
