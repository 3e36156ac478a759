import { setFlagsFromString } from "node:v8";

let holders = 0;

/**
 * Turns off V8's allocation-site pretenuring while a process sends or serves
 * request traffic (a run's passes, a gateway), and returns the function that
 * hands it back: pretenuring comes back on when the last holder releases.
 *
 * Why: V8 saw request objects that happened to be in flight at a scavenge and
 * began allocating them straight into the old generation. There each one kept
 * the young objects it pointed to alive through later scavenges, so a finished
 * request was copied and promoted anyway: the failover client promoted 2.6 KB a
 * request instead of 0.05-0.09 KB, and the mark-compacts that followed every few
 * seconds made the load generator's sends late (docs/BENCHMARKS.md).
 *
 * Scoped, not a command-line flag, because the report (after a run, or
 * `faultline report`) builds large arrays that do live long: a 1M-request report
 * took 4.02-4.22 s without pretenuring against 3.67-3.97 s with it. V8 reads the
 * flag at each GC, so setting it at run time takes effect (measured: the same
 * 2.6 KB to 0.05 KB drop as the command-line flag).
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
