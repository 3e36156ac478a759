/**
 * @faultline/fleet: months of provider outages on a virtual clock, the failover layer under study, and the bridge
 * to live runs.
 */
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
export { sample as sampleDuration, mean as meanDuration } from "./distribution.js";
export { ArrivalProfile } from "./arrival-profile.js";
export { replayStatuspageCommand } from "./run-fleet-command.js";
export { readCalibration, calibrated } from "./calibrate.js";
export type { Calibration } from "./calibrate.js";
export { exportMonthScenario, PREDICTION_MARKER } from "./export-month.js";
export type { MonthPrediction } from "./export-month.js";
export { captureMonth } from "./capture-month.js";
export { checkPrediction, formatPredictionCheck } from "./prediction-check.js";
export type { PredictionCheck } from "./prediction-check.js";
export { statuspageScenario } from "./statuspage.js";
export { parseTimeScale, parsePercentile } from "./time-scale.js";
