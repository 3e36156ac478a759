import type { ErrorCode } from "@faultline/contracts";
/** Error codes of @faultline/fleet; the CLI maps each to an exit status through @faultline/contracts. */
export const FleetErrorCodes = {
  /** A fleet file field is invalid (distribution parameter, correlation matrix, β, chain entry, flag). */
  FAULTLINE_FLEET_INVALID: "FAULTLINE_FLEET_INVALID",
  /** The fleet file does not exist, or is not YAML. */
  FAULTLINE_FLEET_UNREADABLE: "FAULTLINE_FLEET_UNREADABLE",
  /** A `--calibrate` run lacks one or more of the figures the failover layer needs. */
  FAULTLINE_FLEET_CALIBRATION_MISSING: "FAULTLINE_FLEET_CALIBRATION_MISSING",
  /** A Statuspage incident history is malformed; the message names the first bad entry. */
  FAULTLINE_STATUSPAGE_INVALID: "FAULTLINE_STATUSPAGE_INVALID",
} as const satisfies Record<string, ErrorCode>;

/** One of the fleet error codes. */
export type FleetErrorCode = (typeof FleetErrorCodes)[keyof typeof FleetErrorCodes];
