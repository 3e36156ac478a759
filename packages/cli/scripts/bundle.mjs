// Bundles the CLI (src/bin.ts and every faultline package and pure-JavaScript dependency it imports)
// into dist/bin.js, with the modules it loads lazily in chunks beside it. Part of `build`, after tsc:
// dist/bin.js is what `faultline` runs.
import { fileURLToPath } from "node:url";
import { bundleEntry } from "../../../scripts/bundle-entry.mjs";

await bundleEntry({
  packageDir: fileURLToPath(new URL("..", import.meta.url)),
  entry: "src/bin.ts",
  outName: "bin",
  splitting: true,
  executable: true,
  external: {
    "better-sqlite3": "a native addon",
    "@resvg/resvg-js": "a native addon",
    pino: "starts its transports in worker threads from its own files",
    "pino-pretty": "a pino transport, loaded by name in pino's worker",
    piscina: "starts its workers from its own files",
    jiti: "loads its transpiler from its own files",
  },
});
