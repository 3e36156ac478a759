import type { RunMoment } from "@faultline/runner";

const VERB: Record<RunMoment["kind"], string> = {
  "fault-injected": "fault injected",
  "fault-not-injected": "fault NOT injected",
  "fault-reverted": "fault reverted",
  failover: "failover",
  failback: "failback",
};

/**
 * One log line per moment, as CI prints it: `faultline: [active-passive] t=2.00s fault injected: disable@primary
 * (outage)`. Stable enough to grep; the figures themselves are in events.db and the report.
 */
export function formatMoment(m: RunMoment): string {
  const detail = m.detail ? ` (${m.detail})` : "";
  return `faultline: [${m.strategy}] t=${(m.tMs / 1000).toFixed(2)}s ${VERB[m.kind]}: ${m.subject}${detail}`;
}
