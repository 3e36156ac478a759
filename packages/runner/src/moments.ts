/** The kinds of moment a pass reports as it happens: what a chaos run's log shows line by line (k6, Chaos Toolkit). */
export type RunMomentKind = "fault-injected" | "fault-not-injected" | "fault-reverted" | "failover" | "failback";

/**
 * One moment of a pass, reported as it happens so CI can print a line for it. The same facts are in events.db
 * (attacks, routing_events), which the report reads; this is the live view, never a source for a figure.
 */
export interface RunMoment {
  strategy: string;
  kind: RunMomentKind;
  /** Milliseconds since the pass started, on the pass clock. */
  tMs: number;
  /** What it is about: `fault@target (attack id)` for a fault, `from -> to` for a failover or failback. */
  subject: string;
  /** Why, or what went wrong (an unverified revert, a refused injection); null when there is nothing to add. */
  detail: string | null;
}

/** Receives moments as they happen. */
export type MomentListener = (m: RunMoment) => void;
