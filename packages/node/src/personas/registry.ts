import type { Persona } from "./persona.js";
import { openaiPersona } from "./openai.js";
import { azureOpenaiPersona } from "./azure-openai.js";
import { anthropicPersona } from "./anthropic.js";
import { geminiPersona } from "./gemini.js";
import { bedrockPersona } from "./bedrock.js";

/** The persona a node has when none is named: faultline's behaviour before personas. */
export const DEFAULT_PERSONA = "openai";

/**
 * The one table of provider personas: the node, the proxy, the scenario validator and the docs read it. Adding a
 * persona = one file and one line here.
 */
export const PERSONAS: ReadonlyMap<string, Persona> = new Map(
  [openaiPersona, azureOpenaiPersona, anthropicPersona, geminiPersona, bedrockPersona].map((p) => [p.name, p])
);

/** The persona names, in table order. */
export function personaNames(): readonly string[] {
  return [...PERSONAS.keys()];
}

/** The persona of that name; the default when `name` is undefined. Callers validate the name first. */
export function personaOf(name: string | undefined): Persona {
  return PERSONAS.get(name ?? DEFAULT_PERSONA)!;
}
