#!/usr/bin/env node
// The CLI's entry. ENGINE_FLAGS (engine-tuning.ts, with why) are V8 start-up flags: a traffic
// command started without them is relaunched with them once (relaunch.ts).
import { relaunchWithEngineFlags, watchLauncher } from "./relaunch.js";
import { userCwd } from "./user-cwd.js";

// Before anything reads a path (and before a relaunch, which inherits the folder): paths are the user's.
process.chdir(userCwd());

if (!relaunchWithEngineFlags()) {
  watchLauncher();
  const { main } = await import("./program.js");
  // Exit through process.exitCode so pending writes (the summary table) are flushed first.
  process.exitCode = await main(process.argv.slice(2));
}
