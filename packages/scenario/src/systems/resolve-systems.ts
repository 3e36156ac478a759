import { readFileSync } from "node:fs";
import { basename, dirname, extname, resolve } from "node:path";
import { didYouMean, parseDuration } from "@faultline/core";
import { SCENARIO_DEFAULTS, STRATEGY_NAMES } from "../defaults.js";
import { SCENARIO_LIMITS } from "../limits.js";
import { addAjvProblems } from "../messages.js";
import { ProblemList, type Segment } from "../problems.js";
import { readYaml, type ScenarioSource } from "../source.js";
import type { SystemSpec } from "../types.js";
import { placeholderProblem, placeholdersIn } from "./placeholders.js";
import { GATEWAY_ONLY_KEYS } from "./system-schema.js";
import { SCENARIO_VALIDATORS } from "../validators/scenario-validators.js";

/** A problem with a system, in the file it belongs to (the scenario, or a system file). */
export interface SystemProblem {
  readonly source: ScenarioSource;
  readonly path: readonly Segment[];
  readonly message: string;
  readonly atKey?: string;
}

type Raw = Record<string, unknown>;

const validateSystem = SCENARIO_VALIDATORS.system;

/** The scenario's list of systems: `systems:`, or `strategies:` as the key was first called. */
export function systemsKey(data: Raw): "systems" | "strategies" {
  return data.systems !== undefined ? "systems" : "strategies";
}

/**
 * Resolves every entry of the scenario's systems list: preset names are
 * checked against faultline's strategies, system files are read and merged
 * with the entry's own keys, and each system's kind, URL and placeholders are
 * checked against the scenario's nodes. Every problem is returned, each in the
 * file it is in.
 */
export function resolveSystems(
  data: Raw,
  scenario: ScenarioSource
): { systems: SystemSpec[]; problems: SystemProblem[] } {
  const problems: SystemProblem[] = [];
  const key = systemsKey(data);
  if (data.systems !== undefined && data.strategies !== undefined) {
    problems.push({
      source: scenario,
      path: ["strategies"],
      message: "give systems: or strategies: (the older name), not both",
    });
  }
  const list = data[key];
  if (list === undefined) return { systems: [], problems };
  // A list past SCENARIO_LIMITS.listItems is refused by check-limits.ts; its entries are not resolved.
  if (Array.isArray(list) && list.length > SCENARIO_LIMITS.listItems) return { systems: [], problems };
  if (!Array.isArray(list) || list.length === 0) {
    problems.push({
      source: scenario,
      path: [key],
      message: "must be a non-empty list, e.g. [none, active-passive, { file: ../examples/systems/portkey.yaml }]",
    });
    return { systems: [], problems };
  }
  const nodes = data.nodes && typeof data.nodes === "object" ? Object.keys(data.nodes as Raw) : [];
  const client = data.client as { order?: unknown } | undefined;
  const orderLength = Array.isArray(client?.order) ? client!.order.length : nodes.length;
  const systems: SystemSpec[] = [];
  list.forEach((entry: unknown, i: number) => {
    const at: Segment[] = [key, i];
    const system =
      typeof entry === "string"
        ? preset(entry, scenario, at, problems)
        : external(entry, scenario, at, { nodes, orderLength }, problems);
    if (!system) return;
    if (systems.some((s) => s.name === system.name)) {
      const message =
        system.kind === "preset"
          ? `lists "${system.name}" twice; keep one`
          : `"${system.name}" is played twice; give one of them another name: (names must be unique)`;
      problems.push({ source: scenario, path: system.kind === "preset" ? [key] : at, message });
    } else systems.push(system);
  });
  return { systems, problems };
}

function preset(name: string, source: ScenarioSource, at: Segment[], problems: SystemProblem[]): SystemSpec | null {
  if ((STRATEGY_NAMES as readonly string[]).includes(name)) return Object.freeze({ kind: "preset", name });
  problems.push({
    source,
    path: at,
    message:
      `"${name}" is not a faultline strategy${didYouMean(name, STRATEGY_NAMES)}; use one of ` +
      `${STRATEGY_NAMES.join(", ")}, or a system such as { file: examples/systems/portkey.yaml }`,
  });
  return null;
}

interface Scope {
  nodes: readonly string[];
  orderLength: number;
}

/** A system given inline or as `{ file: ... }` plus overrides. */
function external(
  entry: unknown,
  scenario: ScenarioSource,
  at: Segment[],
  scope: Scope,
  problems: SystemProblem[]
): SystemSpec | null {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
    problems.push({
      source: scenario,
      path: at,
      message: "must be a strategy name or a system map (url:, command: or sdk:, or file:)",
    });
    return null;
  }
  const own = entry as Raw;
  let merged: Raw = own;
  // Which file each key came from, so a problem is reported where the user can fix it.
  let fileSource: ScenarioSource | null = null;
  if (typeof own.file === "string") {
    fileSource = readSystemFile(
      own.file,
      resolve(dirname(scenario.file), own.file),
      scenario,
      [...at, "file"],
      problems
    );
    if (!fileSource) return null;
    const { file: _file, ...overrides } = own;
    merged = { ...(fileSource.data as Raw), ...overrides };
  }
  const where = (path: readonly Segment[]): { source: ScenarioSource; path: readonly Segment[] } => {
    const top = path[0];
    return fileSource && (top === undefined || !(String(top) in own))
      ? { source: fileSource, path }
      : { source: scenario, path: [...at, ...path] };
  };
  const add = (path: readonly Segment[], message: string, atKey?: string) =>
    problems.push({ ...where(path), message, ...(atKey === undefined ? {} : { atKey }) });
  const before = problems.length;
  if (!validateSystem(merged)) {
    const local = new ProblemList();
    addAjvProblems(validateSystem.errors ?? [], merged, [], local);
    for (const p of local.items) add(p.path, p.message, p.atKey);
  }
  if (problems.length > before) return null;
  return build(merged, fileSource?.file ?? null, dirname((fileSource ?? scenario).file), scope, add);
}

function readSystemFile(
  written: string,
  path: string,
  scenario: ScenarioSource,
  at: Segment[],
  problems: SystemProblem[]
): ScenarioSource | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    problems.push({
      source: scenario,
      path: at,
      message:
        `cannot read system file ${JSON.stringify(written)} ` +
        `(${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the path is relative ` +
        `to the scenario's folder`,
    });
    return null;
  }
  const source = readYaml(path, text);
  if (source.parseProblems.length > 0) {
    problems.push({ source: scenario, path: at, message: `system file is not valid YAML: ${source.parseProblems[0]}` });
    return null;
  }
  if (source.data === null || typeof source.data !== "object" || Array.isArray(source.data)) {
    problems.push({ source, path: [], message: "a system file must be a map (name, url, command or sdk, ...)" });
    return null;
  }
  return source;
}

type Add = (path: readonly Segment[], message: string, atKey?: string) => void;

function build(s: Raw, file: string | null, baseDir: string, scope: Scope, add: Add): SystemSpec | null {
  const name = typeof s.name === "string" ? s.name : file ? basename(file, extname(file)) : null;
  if (!name) {
    add([], "an inline system needs a name: (the pass name in tables and reports)");
    return null;
  }
  const kind = s.sdk !== undefined ? "openai-sdk" : s.command !== undefined ? "gateway" : "endpoint";
  if (kind !== "gateway") {
    const stray = GATEWAY_ONLY_KEYS.find((k) => s[k] !== undefined);
    if (stray) {
      add(
        [stray],
        `${stray}: is for a gateway faultline starts, and this system has no command: add command: ` +
          `[program, args...] to start one, or drop ${stray}:`,
        stray
      );
      return null;
    }
  }
  if (kind !== "gateway" && typeof s.url !== "string") {
    add(
      [],
      kind === "openai-sdk"
        ? "the openai-sdk system needs url: (e.g. {{endpoints.0.url}})"
        : "a system needs url: (an endpoint that is running), command: (a gateway faultline starts) " +
            "or sdk: (the openai SDK)"
    );
    return null;
  }
  let template: string | null = null;
  const config = s.config as { path: string; template?: string; templateFile?: string } | undefined;
  if (config) {
    if ((config.template === undefined) === (config.templateFile === undefined)) {
      add(["config"], "give config.template (text) or config.templateFile (a path), one of them");
      return null;
    }
    if (config.templateFile !== undefined) {
      try {
        template = readFileSync(resolve(baseDir, config.templateFile), "utf8");
      } catch (err) {
        add(
          ["config", "templateFile"],
          `cannot read ${resolve(baseDir, config.templateFile)} ` +
            `(${(err as NodeJS.ErrnoException).code ?? "unreadable"})`
        );
        return null;
      }
    } else template = config.template!;
  }
  const url = typeof s.url === "string" ? s.url : SCENARIO_DEFAULTS.gatewayUrl;
  const headers = (s.headers ?? {}) as Record<string, string>;
  const env = (s.env ?? {}) as Record<string, string>;
  const texts: Array<[Segment[], string]> = [
    [["url"], url],
    ...Object.entries(headers).map(([k, v]): [Segment[], string] => [["headers", k], v]),
    ...((s.command ?? []) as string[]).map((v, i): [Segment[], string] => [["command", i], v]),
    ...Object.entries(env).map(([k, v]): [Segment[], string] => [["env", k], v]),
    ...(typeof s.ready === "string" ? [[["ready"], s.ready] as [Segment[], string]] : []),
    ...(template !== null
      ? [
          [["config", config!.templateFile !== undefined ? "templateFile" : "template"], template] as [
            Segment[],
            string,
          ],
        ]
      : []),
  ];
  let ok = true;
  for (const [path, text] of texts) {
    for (const p of placeholdersIn(text)) {
      const gatewayOnly = p === "port" || p === "config.path" || p === "run.dir";
      const problem =
        gatewayOnly && kind !== "gateway"
          ? `{{${p}}} is only filled for a gateway faultline starts (a system with command:)`
          : placeholderProblem(p, scope.nodes, scope.orderLength);
      if (problem) {
        add(path, problem);
        ok = false;
      }
    }
  }
  if (!ok) return null;
  const common = {
    name,
    file,
    url,
    headers: Object.freeze({ ...headers }),
    model: typeof s.model === "string" ? s.model : null,
  };
  if (kind === "endpoint") return Object.freeze({ kind, ...common });
  if (kind === "openai-sdk") {
    const sdk = s.sdk as { maxRetries?: number; timeout?: string | number };
    return Object.freeze({
      kind,
      ...common,
      maxRetries: sdk.maxRetries ?? null,
      timeoutMs: sdk.timeout === undefined ? null : parseDuration(sdk.timeout, "sdk.timeout"),
    });
  }
  return Object.freeze({
    kind,
    ...common,
    command: Object.freeze([...(s.command as string[])]),
    cwd: resolve(baseDir, typeof s.cwd === "string" ? s.cwd : "."),
    env: Object.freeze({ ...env }),
    config: config ? Object.freeze({ path: config.path, template: template! }) : null,
    ready: typeof s.ready === "string" ? s.ready : null,
    readyTimeoutMs:
      s.readyTimeout === undefined
        ? SCENARIO_DEFAULTS.systemReadyTimeoutMs
        : parseDuration(s.readyTimeout as string, "readyTimeout"),
  });
}
