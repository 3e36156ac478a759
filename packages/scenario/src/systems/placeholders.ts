import { didYouMean } from "@faultline/core";

/** `{{ name }}` in a system's command, env, config template, ready URL, url and headers. */
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/**
 * The fields of a node a placeholder can name: `{{nodes.primary.url}}`, `{{endpoints.0.port}}`,
 * `{{endpoints.1.supportsPrefill}}` (`true`/`false`, so a gateway's file can declare what the scenario does).
 */
export const NODE_FIELDS = Object.freeze(["url", "origin", "host", "port", "supportsPrefill"] as const);

/** Placeholders that do not name a node. */
export const PLAIN_PLACEHOLDERS = Object.freeze({
  port: "a free loopback port picked for the gateway of this pass",
  "config.path": "absolute path of the config file written from `config:`",
  "run.dir": "the pass's folder for the system's logs and config",
  model: "the model name in the load's requests",
});

/** Every placeholder name used in `text`, in order. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Why `name` is not a placeholder the runner can fill for a scenario with
 * these nodes and this client order, or null when it is one.
 */
export function placeholderProblem(name: string, nodeNames: readonly string[], orderLength: number): string | null {
  if (name in PLAIN_PLACEHOLDERS) return null;
  const parts = name.split(".");
  if ((parts[0] === "nodes" || parts[0] === "endpoints") && parts.length === 3) {
    const [scope, which, field] = parts as [string, string, string];
    const fields: readonly string[] = scope === "endpoints" ? [...NODE_FIELDS, "name"] : NODE_FIELDS;
    if (!fields.includes(field))
      return `{{${name}}}: unknown field "${field}"${didYouMean(field, fields)}; use one of ${fields.join(", ")}`;
    if (scope === "nodes" && !nodeNames.includes(which))
      return (
        `{{${name}}} names node "${which}", which the scenario does not ` +
        `have${didYouMean(which, nodeNames)}; nodes: ${nodeNames.join(", ")}`
      );
    if (scope === "endpoints" && !(/^\d+$/.test(which) && Number(which) < orderLength))
      return `{{${name}}}: endpoints are numbered 0 to ${orderLength - 1} in client.order`;
    return null;
  }
  const known = [...Object.keys(PLAIN_PLACEHOLDERS), "nodes.<name>.<field>", "endpoints.<i>.<field>"];
  return (
    `{{${name}}} is not a placeholder${didYouMean(name, Object.keys(PLAIN_PLACEHOLDERS))}; ` +
    `known: ${known.join(", ")}`
  );
}

/**
 * Fills every placeholder of `text` from `values`; an unknown one is left as written (validation refused it already).
 */
export function renderPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
