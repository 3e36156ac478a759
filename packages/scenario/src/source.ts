import { readFile, access } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from "yaml";
import { FaultlineError } from "@faultline/core";
import { ScenarioErrorCodes } from "./errors.js";
import type { Segment } from "./problems.js";

/** A scenario file's data, and a way to find the line a path came from. */
export interface ScenarioSource {
  readonly file: string;
  readonly data: unknown;
  /** Problems found while parsing (YAML syntax), already formatted. */
  readonly parseProblems: readonly string[];
  /** 1-based line of `path` (or of `atKey` inside it); null for module-form scenarios. */
  lineOf(path: readonly Segment[], atKey?: string): number | null;
}

const MODULE_EXTENSIONS = new Set([".js", ".mjs", ".cjs"]);

/** Reads a YAML file or imports a defineScenario() module; throws NOT_FOUND when the file is missing. */
export async function readScenarioSource(file: string): Promise<ScenarioSource> {
  try {
    await access(file);
  } catch {
    throw new FaultlineError(ScenarioErrorCodes.NOT_FOUND, `${file}: scenario file not found (check the path)`, { field: "file" });
  }
  const ext = extname(file).toLowerCase();
  if (MODULE_EXTENSIONS.has(ext)) return readModule(file);
  if (ext === ".ts" || ext === ".mts") {
    throw new FaultlineError(ScenarioErrorCodes.UNREADABLE, `${file}: TypeScript scenarios must be compiled to .js first (Node 20 cannot import .ts); point at the built .js file`, { field: "file" });
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new FaultlineError(ScenarioErrorCodes.UNREADABLE, `${file}: could not read the scenario: ${(err as Error).message}`, { field: "file", cause: err });
  }
  return readYaml(file, text);
}

/**
 * Parses YAML text, keeping node ranges so every problem gets its line.
 * Merge keys (`<<: *anchor`) are on, so attacks can share YAML fragments.
 */
export function readYaml(file: string, text: string): ScenarioSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true });
  const parseProblems = doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}: (syntax): ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`);
  const lineAt = (offset: number | undefined) => (offset === undefined ? null : lineCounter.linePos(offset).line);
  return {
    file,
    data: parseProblems.length > 0 ? undefined : doc.toJS(),
    parseProblems,
    lineOf(path, atKey) {
      // Walk as deep as the document goes: a missing key reports its parent's line.
      let node: unknown = doc.contents;
      for (const seg of path) {
        const next = (node as { get?: (k: unknown, keep: boolean) => unknown } | null)?.get?.(seg, true);
        if (next === undefined || next === null) break;
        node = next;
      }
      if (atKey !== undefined && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === atKey);
        if (pair && isScalar(pair.key)) return lineAt(pair.key.range?.[0]);
      }
      return lineAt((node as Node | null)?.range?.[0]) ?? 1;
    },
  };
}

async function readModule(file: string): Promise<ScenarioSource> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown };
  } catch (err) {
    throw new FaultlineError(ScenarioErrorCodes.UNREADABLE, `${file}: could not import the scenario module: ${(err as Error).message}`, { field: "file", cause: err });
  }
  if (mod.default === undefined) {
    throw new FaultlineError(ScenarioErrorCodes.UNREADABLE, `${file}: the module has no default export (export default defineScenario({...}))`, { field: "file" });
  }
  return { file, data: mod.default, parseProblems: [], lineOf: () => null };
}
