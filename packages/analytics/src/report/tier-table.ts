import type { Summary } from "../types.js";

const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(2)}%`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Degradation per system: plain against quality-weighted availability, then answers and time per tier. Null when no
 * pass had a node below full quality.
 */
export function tierRows(s: Summary): string[][] | null {
  const passes = s.passes.filter((p) => p.tiers !== null);
  if (passes.length === 0) return null;
  const tiers = [...new Set(passes.flatMap((p) => p.tiers!.tiers.map((t) => t.tier)))];
  return [
    [
      "system",
      "availability",
      "quality-weighted availability",
      ...tiers.map((t) => `${t}: answers (share) / time`),
      "unserved time",
      "retry queue: queued / rescued / timed out / overflow (longest wait)",
    ],
    ...passes.map((p) => {
      const t = p.tiers!;
      return [
        p.strategy,
        pct(t.availability),
        pct(t.qualityWeightedAvailability),
        ...tiers.map((name) => {
          const x = t.tiers.find((y) => y.tier === name);
          return x ? `${x.answers} (${pct(x.share)}) / ${secs(x.timeMs)}` : "0 / 0.0 s";
        }),
        secs(t.unservedMs),
        t.queue
          ? `${t.queue.queued} / ${t.queue.rescued} / ${t.queue.timed_out} / ${t.queue.overflow} ` +
            `(${secs(t.queue.longestWaitMs)})`
          : "–",
      ];
    }),
  ];
}

/** The sentence under the tier table. */
export const TIER_NOTE =
  "An answer's tier and quality weight are its serving node's (`tier:`, `quality:`); a cached answer is `minimal` " +
  "at the client's `answerCacheQuality`, the maintenance answer `emergency` and no answer. Quality-weighted " +
  "availability is the sum of the weights of the answers served over the requests sent; shares are of the " +
  "requests sent. Time per tier counts each second of sends for the tier that served most of its requests; " +
  "unserved seconds had requests and nothing served. The retry queue column counts the requests that waited for " +
  "an endpoint to recover.";
