export type {
  Scenario,
  NodeSpec,
  ClientSpec,
  LoadSpec,
  AttackSpec,
  SloSpec,
  StopCondition,
  RequestClass,
  SessionSpec,
  SystemSpec,
  PresetSystem,
  EndpointSystem,
  GatewaySystem,
  SdkSystem,
} from "./types.js";
export { renderPlaceholders, placeholdersIn, PLAIN_PLACEHOLDERS, NODE_FIELDS } from "./systems/placeholders.js";
export type {
  ScenarioInput,
  SystemInput,
  NodeInput,
  LoadInput,
  RequestClassInput,
  AttackInput,
  GroupInput,
  MonkeyInput,
  AttackItemInput,
  TargetInput,
  SloInput,
  StopInput,
  Duration,
  Rate,
  TokenRange,
} from "./input.js";
export type { LoadOptions } from "./load.js";
export { loadScenario, validateScenarioFile } from "./load.js";
export { defineScenario } from "./define.js";
export { formatTimeline } from "./format-timeline.js";
export { ScenarioErrorCodes } from "./errors.js";
export { SCENARIO_SCHEMA } from "./scenario-schema.js";
export { SCENARIO_DEFAULTS, STRATEGY_NAMES } from "./defaults.js";
export { SCENARIO_LIMITS } from "./limits.js";
