#!/usr/bin/env -S node --max-semi-space-size=4
// The CLI's entry. ENGINE_FLAGS (engine-tuning.ts, with why) are V8 start-up flags. The shebang
// passes them (engine-tuning.test.ts holds it to ENGINE_FLAGS), so the installed binary starts
// with them; a traffic command started another way (`node bin.js`, a Windows shim) is relaunched
// with them once (relaunch.ts), which cost about 0.1 s of every run.
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
