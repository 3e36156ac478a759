import type { ScenarioInput } from "./input.js";

/**
 * Typed identity for module-form scenarios: `export default defineScenario({...})` gets editor checking and completion.
 */
export function defineScenario(input: ScenarioInput): ScenarioInput {
  return input;
}
