// Bundles one process entry of a package (the CLI's bin, a node's child process) into one file, or one
// file and its lazily loaded chunks, after tsc. Node's ES module loader resolves, reads and links each
// module file by file: about 550 of them before a run began (docs/BENCHMARKS.md, "Short-run overhead").
// Packages keep tsc's files as they are, for code that imports them as a library.
import { chmodSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import * as esbuild from "esbuild";

/** A workspace package's file: packages/<name>/src/....ts (an entry's own package) or packages/<name>/dist/....js. */
const WORKSPACE_FILE = /[\\/]packages[\\/][^\\/]+[\\/](src[\\/].*\.ts|dist[\\/].*\.js)$/;

/** Gives an ES module bundle the require() that its bundled CommonJS modules call for Node's built-ins. */
const REQUIRE_BANNER =
  'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);';

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
const packageName = (specifier) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

/** Where tsc writes a workspace source file: packages/<name>/src/a/b.ts -> packages/<name>/dist/a/b.js. */
const builtPath = (file) => file.replace(/([\\/])src([\\/].*)\.ts$/, "$1dist$2.js");

/**
 * @param {{
 *   packageDir: string,
 *   entry: string,
 *   outName: string,
 *   external: Record<string, string>,
 *   splitting?: boolean,
 *   executable?: boolean,
 * }} options
 *   entry: the source file, relative to packageDir; outName: the bundle's name in dist/, without `.js`;
 *   external: dependencies loaded from node_modules as they are, each with why it cannot be bundled;
 *   splitting: modules that the entry imports lazily (`await import`) go to chunk files beside it.
 */
export async function bundleEntry({ packageDir, entry, outName, external, splitting = false, executable = false }) {
  const outdir = join(packageDir, "dist");
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  // The bundle finds an external from dist/ wherever the package is installed only if the package depends on it.
  const undeclared = Object.keys(external).filter((name) => !manifest.dependencies?.[name]);
  if (undeclared.length > 0) {
    throw new Error(`bundle: add ${undeclared.join(", ")} to ${manifest.name}'s dependencies (external to its bundle)`);
  }

  const plugin = {
    name: "faultline-workspace",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) =>
        Object.hasOwn(external, packageName(args.path)) ? { path: args.path, external: true } : undefined
      );
      // A package's files find their workers, children and generated validators beside themselves
      // (new URL("./child.js", import.meta.url)). Bundled, import.meta.url would be the bundle's, so each
      // such file gets its own URL back: where tsc built it, found from its package's package.json as
      // Node resolves it from the bundle (so in the repository, in node_modules and in a `pnpm deploy`
      // folder alike), or from dist/ itself for the bundled package's own files.
      build.onLoad({ filter: WORKSPACE_FILE }, async (args) => {
        const source = readFileSync(args.path, "utf8");
        if (!source.includes("import.meta.url")) return undefined;
        const built = builtPath(args.path);
        const ownerDir = built.slice(0, built.lastIndexOf(`${sep}dist${sep}`));
        const inOwner = relative(ownerDir, built).split(sep).join("/");
        const owner = JSON.parse(readFileSync(join(ownerDir, "package.json"), "utf8")).name;
        let base = "import.meta.url";
        if (owner !== manifest.name) {
          if (!manifest.dependencies?.[owner]) {
            throw new Error(`bundle: add ${owner} to ${manifest.name}'s dependencies (${inOwner} finds files by URL)`);
          }
          base = `import.meta.resolve(${JSON.stringify(`${owner}/package.json`)})`;
        }
        const rel = owner === manifest.name ? relative(outdir, built).split(sep).join("/") : inOwner;
        const loader = args.path.endsWith(".ts") ? "ts" : "js";
        // define replaces the expression in code only, not inside string literals (generated code).
        const { code } = await esbuild.transform(source, {
          define: { "import.meta.url": "__moduleUrl" },
          format: "esm",
          loader,
        });
        const header = `const __moduleUrl = new URL(${JSON.stringify(rel)}, ${base}).href;\n`;
        return { contents: header + code, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };

  // Chunks from an earlier build: their names carry a content hash, so nothing overwrites them.
  const chunkPrefix = `${outName}-chunk-`;
  for (const file of readdirSync(outdir)) if (file.startsWith(chunkPrefix)) rmSync(join(outdir, file));

  await esbuild.build({
    entryPoints: { [outName]: join(packageDir, entry) },
    outdir,
    chunkNames: `${chunkPrefix}[hash]`,
    bundle: true,
    splitting,
    format: "esm",
    platform: "node",
    target: "node20",
    // Error classes and the like keep their names when two modules' top-level names collide.
    keepNames: true,
    plugins: [plugin],
    logLevel: "warning",
    banner: { js: REQUIRE_BANNER },
  });
  if (executable) chmodSync(join(outdir, `${outName}.js`), 0o755);
}
