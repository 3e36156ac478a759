import { readFile, access, stat } from "node:fs/promises";
import { extname } from "node:path";
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Node } from "yaml";
import { FaultlineError } from "@faultline/core";
import { ScenarioErrorCodes } from "./errors.js";
import { SCENARIO_LIMITS } from "./limits.js";
import { prescanYaml } from "./yaml-prescan.js";
import { importScenarioModule, MODULE_EXTENSIONS } from "./module-scenario.js";
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

/** Reads a YAML file or imports a defineScenario() module; throws NOT_FOUND when the file is missing. */
export async function readScenarioSource(file: string): Promise<ScenarioSource> {
  try {
    await access(file);
  } catch {
    throw new FaultlineError(ScenarioErrorCodes.NOT_FOUND, `${file}: scenario file not found (check the path)`, {
      field: "file",
    });
  }
  const ext = extname(file).toLowerCase();
  if (MODULE_EXTENSIONS.has(ext)) return readModule(file);
  let text: string;
  try {
    // Checked before reading: a 50 MB file of attacks ran `validate` out of memory.
    const { size } = await stat(file);
    if (size > SCENARIO_LIMITS.fileBytes)
      return refused(
        file,
        `the file is ${Math.ceil(size / 1024)} KiB, more than the ` +
          `${SCENARIO_LIMITS.fileBytes / 1024} KiB a scenario may be (docs/LIMITS.md); use ` +
          `times:/every: or a monkey block instead of writing each attack out`
      );
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new FaultlineError(
      ScenarioErrorCodes.UNREADABLE,
      `${file}: could not read the scenario: ${(err as Error).message}`,
      { field: "file", cause: err }
    );
  }
  return readYaml(file, text);
}

/**
 * Parses YAML text, keeping node ranges so every problem gets its line.
 * Merge keys (`<<: *anchor`) are on, so attacks can share YAML fragments.
 */
export function readYaml(file: string, text: string): ScenarioSource {
  const scan = prescanYaml(text);
  if (scan) return refused(file, scan.message, scan.line);
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    // uniqueKeys is checked below: the parser's own check compares each key with every earlier one,
    // and a 1 MB map of keys took minutes.
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, merge: true });
  } catch (err) {
    // The parser recurses per nesting level: thousands of `[` overflow its stack.
    return refused(file, `could not parse the YAML: ${(err as Error).message}`);
  }
  const lineAt = (offset: number | undefined) => (offset === undefined ? null : lineCounter.linePos(offset).line);
  const parseProblems = doc.errors.map(
    (e) =>
      `${file}:${e.linePos?.[0].line ?? 1}: (syntax): ` +
      e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")
  );
  for (const line of duplicateKeyLines(doc, lineAt))
    parseProblems.push(`${file}:${line}: (syntax): Map keys must be unique`);
  let data: unknown;
  if (parseProblems.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: SCENARIO_LIMITS.yamlAliasCount });
    } catch (err) {
      // An alias bomb ("billion laughs") is refused by the parser's alias count; the error has no
      // position, so the first alias's line points at where the expansion starts.
      let line: number | null = null;
      visit(doc, {
        Alias: (_, node) => {
          line = lineAt(node.range?.[0]);
          return visit.BREAK;
        },
      });
      const message = (err as Error).message;
      const hint = /alias/i.test(message)
        ? ` (aliases may expand to at most ${SCENARIO_LIMITS.yamlAliasCount} nodes; write the values out)`
        : "";
      parseProblems.push(`${file}:${line ?? 1}: (syntax): ${message}${hint}`);
    }
  }
  return {
    file,
    data: parseProblems.length > 0 ? undefined : data,
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

/** Lines of repeated keys in every mapping of `doc`, in one pass with a set per mapping. */
function duplicateKeyLines(
  doc: ReturnType<typeof parseDocument>,
  lineAt: (offset: number | undefined) => number | null
): number[] {
  const lines: number[] = [];
  visit(doc, {
    Map: (_, map) => {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) lines.push(lineAt(pair.key.range?.[0]) ?? 1);
        seen.add(pair.key.value);
      }
    },
  });
  return lines.sort((a, b) => a - b);
}

/** A source that could not be taken in at all: one problem, no data. */
function refused(file: string, message: string, line = 1): ScenarioSource {
  return { file, data: undefined, parseProblems: [`${file}:${line}: (file): ${message}`], lineOf: () => null };
}

async function readModule(file: string): Promise<ScenarioSource> {
  let data: unknown;
  try {
    data = await importScenarioModule(file);
  } catch (err) {
    throw new FaultlineError(
      ScenarioErrorCodes.UNREADABLE,
      `${file}: could not import the scenario module: ${(err as Error).message}`,
      { field: "file", cause: err }
    );
  }
  // jiti hands back the module namespace when there is no default export.
  if (data === undefined || isNamespaceWithoutDefault(data)) {
    throw new FaultlineError(
      ScenarioErrorCodes.UNREADABLE,
      `${file}: the module has no default export (export default defineScenario({...}))`,
      { field: "file" }
    );
  }
  return { file, data, parseProblems: [], lineOf: () => null };
}

/** True for a module namespace (what jiti returns for a module with named exports only). */
function isNamespaceWithoutDefault(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.prototype.toString.call(value) === "[object Module]" &&
    !("default" in value)
  );
}
