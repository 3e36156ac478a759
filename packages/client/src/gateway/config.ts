import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { FaultlineError, didYouMean } from "@faultline/core";
import { ENDPOINT_TIERS } from "@faultline/contracts";
import { ClientErrorCodes } from "../errors.js";
import { resolveOptions } from "../options.js";
import type { EndpointConfig, FailoverClientConfig, GatewayConfig } from "../types.js";
import { validateGatewayConfig } from "./gateway-config.js";

const TOP_KEYS = ["strategy", "endpoints", "options", "models"];
const ENDPOINT_KEYS = [
  "name",
  "url",
  "model",
  "apiKeyEnv",
  "maxContextTokens",
  "supportsPrefill",
  "jurisdiction",
  "tier",
  "maxTokens",
];

/** Throws the config error naming `field`. */
export function bad(field: string, message: string): never {
  throw new FaultlineError(ClientErrorCodes.CONFIG_INVALID, `${field}: ${message}`, { field });
}

/** Rejects keys not in `known`, with a did-you-mean. */
export function checkKeys(obj: Record<string, unknown>, known: string[], prefix: string): void {
  for (const key of Object.keys(obj))
    if (!known.includes(key))
      bad(`${prefix}${key}`, `unknown field${didYouMean(key, known)}; known fields: ${known.join(", ")}`);
}

/** Validates one endpoint map; `at` is its place in the config, for the message. */
export function checkEndpoint(raw: unknown, i: number, at = `endpoints[${i}]`): EndpointConfig {
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
  if (e.tier !== undefined && !(ENDPOINT_TIERS as readonly unknown[]).includes(e.tier))
    bad(`${at}.tier`, `${JSON.stringify(e.tier)} is not an endpoint's tier; use one of ${ENDPOINT_TIERS.join(", ")}`);
  if (e.maxTokens !== undefined && !(Number.isInteger(e.maxTokens) && (e.maxTokens as number) > 0))
    bad(`${at}.maxTokens`, `${JSON.stringify(e.maxTokens)} must be a positive integer (the cap on max_tokens)`);
  return e as unknown as EndpointConfig;
}

/** Validates a parsed gateway/client config object (one chain); errors name the field. */
export function validateClientConfig(raw: unknown): FailoverClientConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    bad("config", "must be a map with strategy and endpoints");
  const c = raw as Record<string, unknown>;
  checkKeys(
    c,
    TOP_KEYS.filter((k) => k !== "models"),
    ""
  );
  const strategy = c.strategy ?? "active-passive";
  if (typeof strategy !== "string") bad("strategy", "must be a strategy name such as active-passive");
  if (!Array.isArray(c.endpoints) || c.endpoints.length === 0) bad("endpoints", "needs at least one endpoint");
  if (c.options !== undefined && (typeof c.options !== "object" || c.options === null || Array.isArray(c.options)))
    bad("options", "must be a map of option overrides");
  const config: FailoverClientConfig = {
    strategy,
    endpoints: c.endpoints.map((e, i) => checkEndpoint(e, i)),
    options: (c.options ?? {}) as Record<string, unknown>,
  };
  resolveOptions(strategy, config.options); // throws naming the option
  return config;
}

/** Loads a gateway config from YAML; errors name the file and the field. */
export function loadGatewayConfig(path: string): GatewayConfig {
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
    return validateGatewayConfig(raw);
  } catch (err) {
    if (err instanceof FaultlineError)
      throw new FaultlineError(err.code, `${path}: ${err.message}`, { field: err.field ?? "config" });
    throw err;
  }
}

/** Turns one `key=value` of an `--endpoint` flag into the field's typed value. */
function flagField(key: string, value: string, at: string): unknown {
  if (!FLAG_FIELDS.includes(key))
    bad(
      `${at}.${key}`,
      `unknown endpoint field${didYouMean(key, FLAG_FIELDS)}; known fields: ${FLAG_FIELDS.join(", ")}`
    );
  if (key === "supportsPrefill") {
    if (value !== "true" && value !== "false") bad(`${at}.${key}`, `"${value}" must be true or false`);
    return value === "true";
  }
  if (key === "maxContextTokens") return /^\d+$/.test(value) ? Number(value) : value;
  return value;
}

/** The fields an `--endpoint` flag may set after its `name=url`. */
const FLAG_FIELDS = ENDPOINT_KEYS.filter((k) => k !== "name" && k !== "url");

/**
 * Parses `--endpoint name=url[#model][,field=value...]` flags into endpoint configs, so a flag can
 * set every field a config file can (`model`, `supportsPrefill`, `maxContextTokens`, `apiKeyEnv`):
 * five cases of an outside conformance run needed fields the flags could not set.
 */
export function endpointsFromFlags(flags: readonly string[]): EndpointConfig[] {
  return flags.map((flag, i) => {
    const at = `--endpoint[${i}]`;
    const eq = flag.indexOf("=");
    if (eq <= 0) bad(at, `"${flag}" must look like name=http://127.0.0.1:8001/v1[,supportsPrefill=true]`);
    const [location, ...fields] = flag.slice(eq + 1).split(",");
    const [url, model] = location!.split("#");
    const e: Record<string, unknown> = { name: flag.slice(0, eq), url: url! };
    if (model) e.model = model;
    for (const field of fields) {
      const feq = field.indexOf("=");
      if (feq <= 0) bad(at, `"${field}" must be field=value, e.g. maxContextTokens=8192`);
      e[field.slice(0, feq)] = flagField(field.slice(0, feq), field.slice(feq + 1), at);
    }
    return checkEndpoint(e, i, at);
  });
}
