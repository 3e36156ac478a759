export type { Scenario, NodeSpec, ClientSpec, LoadSpec, AttackSpec, SloSpec, StopCondition } from "./types.js";
