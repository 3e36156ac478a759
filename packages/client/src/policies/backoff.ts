/** Exponential backoff with full jitter (AWS): a random wait in [0, min(max, base * 2^n)). */
export function fullJitterBackoff(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  return random() * Math.min(maxMs, baseMs * 2 ** retry);
}
