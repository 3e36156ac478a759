import { DEFINITIONS, type DefinitionKey } from "@faultline/contracts";

/**
 * The definition of every figure, from @faultline/contracts: report.html,
 * summary.md and docs/analytics.md all show the same words.
 */
export const FIGURE_DEFINITIONS: Readonly<Record<DefinitionKey, string>> = Object.freeze(
  Object.fromEntries(Object.entries(DEFINITIONS).map(([k, d]) => [k, d.text])) as Record<DefinitionKey, string>
);

/** The name each definition goes by in reports. */
export const FIGURE_NAMES: Readonly<Record<DefinitionKey, string>> = Object.freeze(
  Object.fromEntries(Object.entries(DEFINITIONS).map(([k, d]) => [k, d.name])) as Record<DefinitionKey, string>
);
