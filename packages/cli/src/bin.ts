#!/usr/bin/env -S node --max-semi-space-size=4 --no-allocation-site-pretenuring
// Two V8 flags for a process whose allocations are many, small and short-lived (docs/BENCHMARKS.md,
// "What bounds it now"); the same flags are in package.json and the Dockerfile, and bench/run.mjs
// reads them from package.json:
// - a young generation capped at 4 MB semi-spaces: V8's default (growing to 16 MB) made each
//   scavenge a 5-15 ms stall that made sends late;
// - no allocation-site pretenuring: V8 saw request objects that were in flight at a scavenge and
//   began allocating them straight into the old generation, where each kept the young objects it
//   pointed to alive through later scavenges. The failover client then promoted 2.6 KB a request
//   instead of 0.1 KB, and the mark-compacts that followed made sends late every few seconds.
import { main } from "./program.js";

// Exit through process.exitCode so pending writes (the summary table) are flushed first.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
