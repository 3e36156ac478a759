import { FaultlineError } from "@faultline/core";
import { resolveOptions } from "../options.js";
import type { EndpointConfig, GatewayConfig, ModelGroupConfig } from "../types.js";
import { bad, checkEndpoint, checkKeys } from "./config.js";

const TOP_KEYS = ["strategy", "endpoints", "options", "models"];
const GROUP_KEYS = ["strategy", "endpoints", "options"];

function optionsMap(value: unknown, at: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) bad(at, "must be a map of option overrides");
  return value as Record<string, unknown>;
}

function endpointList(value: unknown, at: string): EndpointConfig[] {
  if (!Array.isArray(value) || value.length === 0)
    bad(at, "needs at least one endpoint, e.g. [{name: primary, url: http://127.0.0.1:8001/v1}]");
  return value.map((e, i) => checkEndpoint(e, i, `${at}[${i}]`));
}

/** One model group, its strategy and options defaulting to the gateway's. */
function checkGroup(model: string, raw: unknown, strategy: string, options: Record<string, unknown>): ModelGroupConfig {
  const at = `models.${model}`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    bad(at, "must be a map with endpoints, e.g. {endpoints: [{name: primary, url: http://127.0.0.1:8001/v1}]}");
  const g = raw as Record<string, unknown>;
  checkKeys(g, GROUP_KEYS, `${at}.`);
  if (g.strategy !== undefined && typeof g.strategy !== "string")
    bad(`${at}.strategy`, "must be a strategy name such as active-passive");
  const group: ModelGroupConfig = {
    strategy: (g.strategy as string | undefined) ?? strategy,
    endpoints: endpointList(g.endpoints, `${at}.endpoints`),
    options: { ...options, ...optionsMap(g.options, `${at}.options`) },
  };
  try {
    resolveOptions(group.strategy!, group.options);
  } catch (err) {
    // The same message, placed in the group: models.gpt-4o.options.hedgeDelay: unknown option ...
    if (!(err instanceof FaultlineError)) throw err;
    throw new FaultlineError(err.code, `${at}.${err.message}`, { field: `${at}.${err.field ?? "strategy"}` });
  }
  return group;
}

/**
 * Validates a gateway config: one chain for every model (`endpoints`), a chain
 * per model name (`models`, like LiteLLM's model_list), or both. Each group's
 * endpoints keep their own failure state (breaker, cooldown, health), so one
 * model's 429 cooldown never blocks another model's primary on the same server.
 */
export function validateGatewayConfig(raw: unknown): GatewayConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    bad("config", "must be a map with strategy and endpoints (or models)");
  const c = raw as Record<string, unknown>;
  checkKeys(c, TOP_KEYS, "");
  const strategy = c.strategy ?? "active-passive";
  if (typeof strategy !== "string") bad("strategy", "must be a strategy name such as active-passive");
  const options = optionsMap(c.options, "options");
  if (c.endpoints === undefined && c.models === undefined)
    bad("endpoints", "give endpoints (one chain for every model) or models (a chain per model name)");
  const config: GatewayConfig = { strategy, options };
  if (c.endpoints !== undefined) {
    config.endpoints = endpointList(c.endpoints, "endpoints");
    resolveOptions(strategy, options); // throws naming the option
  }
  if (c.models !== undefined) {
    if (typeof c.models !== "object" || c.models === null || Array.isArray(c.models) || !Object.keys(c.models).length)
      bad("models", "must be a map of model name to {endpoints: [...]}, e.g. {gpt-4o: {endpoints: [...]}}");
    config.models = {};
    for (const [model, group] of Object.entries(c.models as Record<string, unknown>))
      config.models[model] = checkGroup(model, group, strategy, options);
  }
  return config;
}
