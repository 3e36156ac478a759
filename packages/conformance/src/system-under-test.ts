import { existsSync, statSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { FaultlineError } from "@faultline/core";
import { STRATEGY_NAMES, type SystemInput } from "@faultline/scenario";
import { ConformanceErrorCodes } from "./errors.js";

/** A node the user already runs (for a URL system): its base URL with /v1, and its admin URL if not the same origin. */
export interface ExternalNode {
  readonly url: string;
  readonly adminUrl?: string;
}

/** What `--system` named, resolved: the scenario `systems:` entry each case plays, and its name. */
export interface SystemUnderTest {
  readonly name: string;
  readonly entry: string | SystemInput;
  /**
   * For a running gateway (a URL): the nodes it sends to, which the cases fault
   * through their admin API. Cases then share nodes and run one at a time.
   */
  readonly externalNodes: Readonly<Record<"primary" | "backup", ExternalNode>> | null;
}

const HOW =
  `give a faultline strategy (${STRATEGY_NAMES.join(", ")}), a system file such as ` +
  `examples/systems/portkey.yaml, or the http(s) URL of a running gateway ` +
  `(with --node primary=<url> --node backup=<url>)`;

/**
 * Resolves `--system`: a strategy name plays faultline's own client; a file is a
 * system file (examples/systems/README.md) started fresh for each case; a URL
 * is a gateway already running, which must send to the two nodes given.
 */
export function resolveSystem(
  arg: string,
  nodes: Readonly<Record<string, ExternalNode>> = {},
  cwd = process.cwd()
): SystemUnderTest {
  const names = Object.keys(nodes);
  if (/^https?:\/\//i.test(arg)) {
    let url: URL;
    try {
      url = new URL(arg);
    } catch {
      throw invalid(`--system: ${JSON.stringify(arg)} is not a valid URL; ${HOW}`);
    }
    if (!nodes["primary"] || !nodes["backup"] || names.length !== 2)
      throw invalid(
        `--system: a running gateway (${arg}) sends to nodes faultline does not start, so the cases need them: ` +
          `add --node primary=<url of its endpoint 0> --node backup=<url of its endpoint 1> ` +
          `(faultline nodes or proxies, ` +
          `whose admin API takes the faults)`
      );
    // A system's name starts with a letter and holds letters, digits, '.', '_' and '-' (the scenario schema).
    const name = `gateway-${url.host.replace(/[^\w.-]+/g, "-")}`;
    return {
      name,
      entry: { name, url: arg },
      externalNodes: { primary: nodes["primary"], backup: nodes["backup"] },
    };
  }
  if (names.length > 0) throw invalid(`--node: only a URL system takes --node; drop it, or ${HOW}`);
  if ((STRATEGY_NAMES as readonly string[]).includes(arg)) return { name: arg, entry: arg, externalNodes: null };
  const path = resolve(cwd, arg);
  if (!existsSync(path) || !statSync(path).isFile())
    throw invalid(`--system: ${JSON.stringify(arg)} is not a strategy, a file or a URL; ${HOW}`);
  return { name: basename(path, extname(path)), entry: { file: path }, externalNodes: null };
}

function invalid(message: string): FaultlineError {
  return new FaultlineError(ConformanceErrorCodes.SYSTEM_INVALID, message, { field: "system" });
}
