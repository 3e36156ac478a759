// Bundles the node process's entry (src/child.ts, with fastify and everything else it imports) into
// dist/child-bundle.js, which the runner forks (child-protocol.ts). Part of `build`, after tsc and the
// validators: a forked node loaded about 500 modules (505 in the bundle) file by file before it could listen.
import { fileURLToPath } from "node:url";
import { bundleEntry } from "../../../scripts/bundle-entry.mjs";

await bundleEntry({
  packageDir: fileURLToPath(new URL("..", import.meta.url)),
  entry: "src/child.ts",
  outName: "child-bundle",
  external: {
    piscina: "starts its workers from its own files",
  },
});
