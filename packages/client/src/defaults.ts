// The options, their defaults and their JSON Schema live in @faultline/contracts, so the scenario
// validator can check client.options without loading the client; this file keeps the client's
// import path.
export { DEFAULT_OPTIONS, DURATION_KEYS } from "@faultline/contracts";
export type { ClientOptions } from "@faultline/contracts";
