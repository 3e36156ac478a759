import type { Random } from "@faultline/core";
import type { RequestClass } from "@faultline/scenario";

/** When one conversation begins, its class, and its number in the pass (which seeds its own draws). */
export interface SessionStart {
  readonly atMs: number;
  readonly cls: RequestClass;
  readonly index: number;
}

/**
 * The start of every conversation of the pass, in time order. `count` sessions each begin after one think time
 * (users do not all type at the same instant); `rate` sessions arrive as a Poisson process over the pass.
 */
export function sessionStarts(classes: readonly RequestClass[], durationMs: number, random: Random): SessionStart[] {
  const starts: Array<{ atMs: number; cls: RequestClass }> = [];
  for (const cls of classes) {
    const s = cls.session;
    if (!s) continue;
    if (s.count !== null)
      for (let i = 0; i < s.count; i++)
        starts.push({ atMs: s.thinkTimeMs.min + random.next() * (s.thinkTimeMs.max - s.thinkTimeMs.min), cls });
    if (s.rate !== null && s.rate > 0)
      for (let t = random.exponential(1000 / s.rate); t < durationMs; t += random.exponential(1000 / s.rate))
        starts.push({ atMs: t, cls });
  }
  return starts.sort((a, b) => a.atMs - b.atMs).map((s, index) => ({ ...s, index }));
}
