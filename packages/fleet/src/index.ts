/** @faultline/fleet: months of provider outages on a virtual clock, the failover layer under study, and the bridge to live runs. */
export { loadFleet } from "./load-fleet.js";
export { resolveFleet } from "./resolve-fleet.js";
export { runFleet, planChunks } from "./run-fleet.js";
export type { RunFleetOptions, FleetRun } from "./run-fleet.js";
export { simulateChunk } from "./chunk-task.js";
export { FleetSimulator } from "./fleet-simulator.js";
export { fleetResult } from "./fleet-result.js";
export type { FleetResult, Estimate } from "./fleet-result.js";
export { closedForm } from "./closed-form.js";
export { formatFleetResult, formatMinutes } from "./format-result.js";
export { FLEET_DEFAULTS } from "./defaults.js";
export { FleetErrorCodes } from "./errors.js";
export type { FleetErrorCode } from "./errors.js";
export { DOWNTIME_CAUSES } from "./month-tally.js";
export type { MonthTally, DowntimeCause } from "./month-tally.js";
export type { Fleet, Provider, Unit, Distribution, ImpactLevel, FailoverLayer } from "./types.js";
export { runFleetCommand } from "./run-fleet-command.js";
export type { FleetCommandFlags, FleetCommandOutcome } from "./run-fleet-command.js";
