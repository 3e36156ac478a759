/**
 * The JSON Schema of one system under test, inline in a scenario's `systems:`
 * list or in a system file (examples/systems/*.yaml). Which kind it is comes
 * from its keys (see kindOf in resolve-systems.ts): `sdk:` drives the official
 * openai SDK, `command:` is a gateway faultline starts for each pass, and a
 * bare `url:` is an endpoint that is already running.
 */
export const SYSTEM_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: { type: "string", pattern: "^[A-Za-z][\\w.-]{0,63}$", description: "the pass name in tables and reports" },
    description: { type: "string" },
    file: { type: "string", description: "a system file, relative to the scenario; the other keys here override it" },
    url: {
      type: "string",
      minLength: 1,
      description: "base URL the load is sent to, including /v1; placeholders allowed",
    },
    headers: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "sent with every request; placeholders allowed",
    },
    model: { type: "string", minLength: 1, description: "model name put in every request body" },
    command: {
      type: "array",
      minItems: 1,
      items: { type: "string" },
      description: "argv of the gateway to start for each pass (no shell)",
    },
    cwd: { type: "string", description: "folder the command runs in, relative to the file that names it" },
    env: { type: "object", additionalProperties: { type: "string" } },
    config: {
      type: "object",
      additionalProperties: false,
      required: ["path"],
      properties: {
        path: { type: "string", pattern: "^[\\w.-]+$" },
        template: { type: "string" },
        templateFile: { type: "string" },
      },
    },
    ready: { type: "string", description: "URL polled until it answers with a status below 500" },
    readyTimeout: { $ref: "#/$defs/duration" },
    sdk: {
      type: "object",
      additionalProperties: false,
      properties: { maxRetries: { type: "integer", minimum: 0, maximum: 10 }, timeout: { $ref: "#/$defs/duration" } },
    },
  },
} as const;

/** Keys that only a started gateway uses: a system with one of them and no `command:` is a mistake. */
export const GATEWAY_ONLY_KEYS = ["cwd", "env", "config", "ready", "readyTimeout"] as const;
