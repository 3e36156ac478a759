#!/usr/bin/env -S node --max-semi-space-size=4
// A young generation capped at 4 MB semi-spaces: the runner allocates fast and short-lived, and
// V8's default (growing to 16 MB) made each scavenge a 5-15 ms stall that made sends late
// (docs/BENCHMARKS.md, "What bounds it now"). The same flag is in package.json, the Dockerfile
// and bench/run.mjs.
import { main } from "./program.js";

// Exit through process.exitCode so pending writes (the summary table) are flushed first.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
