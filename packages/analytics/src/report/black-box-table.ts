import { blackBoxTotals } from "../metrics/black-box.js";
import type { BlackBoxIncident, Summary } from "../types.js";
import { dur } from "./format.js";

const HEADER = [
  "system",
  "measured",
  "att/req",
  "max att/req",
  "peak amp.",
  "no node saw",
  "wasted tok (nodes)",
  "switches/min",
  "detect (white)",
  "detect (black)",
  "failover (white)",
  "failover (black)",
  "re-route (black)",
  "text: same / spliced / wrong",
  "served by (nodes)",
];

const num = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? "n/a" : x.toFixed(d));

/**
 * The systems side by side, seen from outside: what each cost the nodes, how
 * fast it moved away from a failing node, and (for faultline's own
 * strategies) the white-box figures beside the black-box ones.
 */
export function blackBoxRows(s: Summary): string[][] | null {
  if (!s.passes.some((p) => p.blackBox !== null)) return null;
  return [
    HEADER,
    ...s.passes.map((p) => {
      const b = p.blackBox;
      const t = blackBoxTotals(b);
      const white = p.view === "white-box";
      return [
        p.strategy,
        white ? "white + black" : "black",
        num(b?.attemptsPerRequest),
        b ? String(b.maxAttemptsPerRequest) : "n/a",
        num(t.peakAmplification),
        b ? String(b.requestsNoNodeSaw) : "n/a",
        b ? String(b.wastedTokens) : "n/a",
        num(b?.switchesPerMin, 1),
        white ? dur(p.totals.detectMs) : "-",
        dur(t.detectMs),
        white ? dur(p.totals.failoverMs) : "-",
        dur(t.failoverMs),
        dur(t.rerouteMs),
        b?.text ? `${b.text.matching} / ${b.text.spliced} / ${b.text.mismatched}` : "n/a",
        b
          ? Object.entries(b.servedBy)
              .map(([k, v]) => `${k} ${v}`)
              .join(", ")
          : "n/a",
      ];
    }),
  ];
}

/** An incident's black-box figures as [definition key, text] rows for the report. */
export function blackBoxIncidentRows(
  x: BlackBoxIncident
): Array<["bbDetect" | "bbReroute" | "bbFailover" | "bbFailback" | "attemptsPerRequest" | "switches", string]> {
  return [
    ["bbDetect", x.detectMs === null ? "never routed new requests away" : dur(x.detectMs)],
    ["bbReroute", x.rerouteMs === null ? "no attempt moved away" : dur(x.rerouteMs)],
    ["bbFailover", x.failoverMs === null ? "no answer from another node" : dur(x.failoverMs)],
    ["bbFailback", dur(x.failbackMs)],
    ["attemptsPerRequest", x.peakAmplification === null ? "n/a" : `peak ${x.peakAmplification.toFixed(2)}`],
    ["switches", String(x.switches)],
  ];
}
