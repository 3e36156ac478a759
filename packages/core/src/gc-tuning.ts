import { setFlagsFromString } from "node:v8";

let tuned = false;

/**
 * Turns off V8's allocation-site pretenuring in a process that sends or serves
 * request traffic (the runner, the gateway).
 *
 * Why: V8 saw request objects that happened to be in flight at a scavenge and
 * began allocating them straight into the old generation. There each one kept
 * the young objects it pointed to alive through later scavenges, so a finished
 * request was copied and promoted anyway: the failover client promoted 2.6 KB a
 * request instead of 0.05-0.09 KB, and the mark-compacts that followed every few
 * seconds made the load generator's sends late (docs/BENCHMARKS.md).
 *
 * Set at run time rather than on the command line so that `faultline report`,
 * whose large arrays do live long, keeps pretenuring (it ran 0.3 s slower on a
 * 1M-request run without it). V8 reads this flag at each GC, so setting it after
 * start-up takes effect (measured: the same 2.6 KB to 0.05 KB drop).
 */
export function tuneGcForRequestTraffic(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString("--no-allocation-site-pretenuring");
}
