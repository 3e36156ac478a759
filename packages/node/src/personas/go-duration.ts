/**
 * A duration in Go's time.Duration.String() form ("20ms", "1s", "1.5s", "6m0s", "1h2m3s"): the form OpenAI's
 * x-ratelimit-reset-* headers use (https://platform.openai.com/docs/guides/rate-limits, "6m0s").
 */
export function goDuration(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  if (whole < 1000) return `${whole}ms`;
  const h = Math.floor(whole / 3_600_000);
  const m = Math.floor((whole % 3_600_000) / 60_000);
  const s = (whole % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : Number(s.toFixed(3))}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}
