import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { FaultlineError, didYouMean } from "@faultline/core";
import { TIERS } from "@faultline/contracts";
import { ClientErrorCodes } from "../errors.js";
import { resolveOptions } from "../options.js";
import type { EndpointConfig, FailoverClientConfig } from "../types.js";

const TOP_KEYS = ["strategy", "endpoints", "options"];
const ENDPOINT_KEYS = [
  "name",
  "url",
  "model",
  "apiKeyEnv",
  "maxContextTokens",
  "supportsPrefill",
  "jurisdiction",
  "tier",
];

function bad(field: string, message: string): never {
  throw new FaultlineError(ClientErrorCodes.CONFIG_INVALID, `${field}: ${message}`, { field });
}

function checkKeys(obj: Record<string, unknown>, known: string[], prefix: string): void {
  for (const key of Object.keys(obj))
    if (!known.includes(key))
      bad(`${prefix}${key}`, `unknown field${didYouMean(key, known)}; known fields: ${known.join(", ")}`);
}

function checkEndpoint(raw: unknown, i: number): EndpointConfig {
  const at = `endpoints[${i}]`;
  if (typeof raw !== "object" || raw === null)
    bad(at, "must be a map such as {name: primary, url: http://127.0.0.1:8001/v1}");
  const e = raw as Record<string, unknown>;
  checkKeys(e, ENDPOINT_KEYS, `${at}.`);
  if (typeof e.name !== "string" || !e.name) bad(`${at}.name`, "is required (a short name such as primary)");
  if (typeof e.url !== "string") bad(`${at}.url`, "is required (a base URL including /v1)");
  for (const k of ["model", "apiKeyEnv"])
    if (e[k] !== undefined && typeof e[k] !== "string") bad(`${at}.${k}`, "must be a string");
  if (e.maxContextTokens !== undefined && !(Number.isInteger(e.maxContextTokens) && (e.maxContextTokens as number) > 0))
    bad(`${at}.maxContextTokens`, "must be a positive integer");
  if (e.supportsPrefill !== undefined && typeof e.supportsPrefill !== "boolean")
    bad(`${at}.supportsPrefill`, "must be true or false");
  const j = e.jurisdiction;
  if (j !== undefined && typeof j !== "string" && !(Array.isArray(j) && j.every((t) => typeof t === "string")))
    bad(`${at}.jurisdiction`, "must be a residency tag such as eu, or a list such as [eu, de]");
  if (e.tier !== undefined && !(typeof e.tier === "string" && e.tier in TIERS))
    bad(`${at}.tier`, `${JSON.stringify(e.tier)} is not a tier; use one of ${Object.keys(TIERS).join(", ")}`);
  return e as unknown as EndpointConfig;
}

/** Validates a parsed gateway/client config object; errors name the field. */
export function validateClientConfig(raw: unknown): FailoverClientConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    bad("config", "must be a map with strategy and endpoints");
  const c = raw as Record<string, unknown>;
  checkKeys(c, TOP_KEYS, "");
  const strategy = c.strategy ?? "active-passive";
  if (typeof strategy !== "string") bad("strategy", "must be a strategy name such as active-passive");
  if (!Array.isArray(c.endpoints) || c.endpoints.length === 0) bad("endpoints", "needs at least one endpoint");
  if (c.options !== undefined && (typeof c.options !== "object" || c.options === null || Array.isArray(c.options)))
    bad("options", "must be a map of option overrides");
  const config: FailoverClientConfig = {
    strategy,
    endpoints: c.endpoints.map(checkEndpoint),
    options: (c.options ?? {}) as Record<string, unknown>,
  };
  resolveOptions(strategy, config.options); // throws naming the option
  return config;
}

/** Loads a gateway config from YAML; errors name the file and the field. */
export function loadGatewayConfig(path: string): FailoverClientConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new FaultlineError(
      ClientErrorCodes.GATEWAY_CONFIG_UNREADABLE,
      `${path}: cannot read the gateway config (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      { field: "config" }
    );
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new FaultlineError(
      ClientErrorCodes.GATEWAY_CONFIG_UNREADABLE,
      `${path}: not valid YAML: ${(err as Error).message.split("\n")[0]}`,
      { field: "config" }
    );
  }
  try {
    return validateClientConfig(raw);
  } catch (err) {
    if (err instanceof FaultlineError)
      throw new FaultlineError(err.code, `${path}: ${err.message}`, { field: err.field ?? "config" });
    throw err;
  }
}

/** Parses `--endpoint name=url` flags (url may end with `#model`) into endpoint configs. */
export function endpointsFromFlags(flags: readonly string[]): EndpointConfig[] {
  return flags.map((flag, i) => {
    const eq = flag.indexOf("=");
    if (eq <= 0) bad(`--endpoint[${i}]`, `"${flag}" must look like name=http://127.0.0.1:8001/v1`);
    const [url, model] = flag.slice(eq + 1).split("#");
    const e: EndpointConfig = { name: flag.slice(0, eq), url: url! };
    if (model) e.model = model;
    return checkEndpoint(e, i);
  });
}
