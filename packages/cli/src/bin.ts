#!/usr/bin/env node
import { main } from "./program.js";

// Exit through process.exitCode so pending writes (the summary table) are flushed first.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
