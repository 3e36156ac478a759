import { setFlagsFromString } from "node:v8";

let holders = 0;

// Engine tuning, kept at the process's entry points (STYLE.md, 13): the CLI's commands and the
// benchmarks call these; no library function does. docs/BENCHMARKS.md ("Engine tuning") holds
// the measurements behind each.

/**
 * Turns off V8's allocation-site pretenuring while a process sends or serves
 * request traffic (a run's passes, a gateway), and returns the function that
 * hands it back: pretenuring comes back on when the last holder releases.
 *
 * Why: V8 pretenured request objects that happened to be in flight at a
 * scavenge; each then kept young objects alive, so finished requests were
 * promoted anyway and the mark-compacts that followed made sends late. Scoped,
 * not a command-line flag, because the report after a run builds long-lived
 * arrays that pretenuring helps. V8 reads the flag at each GC, so setting it at
 * run time takes effect.
 */
export function tuneGcForRequestTraffic(setFlags: (flags: string) => void = setFlagsFromString): () => void {
  if (holders++ === 0) setFlags("--no-allocation-site-pretenuring");
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) setFlags("--allocation-site-pretenuring");
  };
}

/**
 * The V8 flags every faultline process starts with; the one place they are
 * written (bin.ts relaunches with them, bench/run.mjs reads them from here).
 * A young generation capped at 4 MB semi-spaces: the runner allocates fast and
 * short-lived, and V8's default (growing to 16 MB) made each scavenge a 5-15 ms
 * stall that made sends late.
 */
export const ENGINE_FLAGS: readonly string[] = Object.freeze(["--max-semi-space-size=4"]);
