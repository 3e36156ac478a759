import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The extensions a module-form scenario may have: JavaScript, and TypeScript compiled on load. */
export const MODULE_EXTENSIONS: ReadonlySet<string> = new Set([".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"]);

/**
 * Where a scenario module's `import { defineScenario } from "@faultline/scenario"` goes: this package's own
 * defineScenario, so the import resolves wherever the file lives (beside a project that depends on faultline, or
 * anywhere with `npx faultline` or a global install, where Node's resolution from the file's folder finds nothing).
 * The define module alone, not the package entry: the entry pulls in the validator and the node simulator, which
 * jiti would compile again for every scenario it loads; a scenario needs only defineScenario (types are erased).
 */
const SELF_ENTRY = fileURLToPath(new URL("./define.js", import.meta.url));

/**
 * Imports a module-form scenario (`.js`, `.mjs`, `.cjs`, `.ts`, `.mts`, `.cts`) and returns its default export.
 * jiti compiles TypeScript on the fly (Node 20 cannot import `.ts`), keeping its cache out of the user's folders
 * (fsCache off: scenarios are small, and a run must not leave files beside them); moduleCache off, so `validate`
 * of an edited file in a long-lived process sees the edit.
 */
export async function importScenarioModule(file: string): Promise<unknown> {
  // Loaded here, not with the package: jiti took 0.14 s of every YAML scenario's start-up.
  const { createJiti } = await import("jiti");
  const jiti = createJiti(import.meta.url, {
    alias: { "@faultline/scenario": SELF_ENTRY },
    fsCache: false,
    moduleCache: false,
    interopDefault: true,
  });
  return jiti.import(resolve(file), { default: true });
}
