import type { ErrorCode } from "@faultline/contracts";
import { FaultlineError } from "@faultline/core";

/** Every error code @faultline/node throws or answers with, in one table. */
export const NodeErrorCodes = {
  /** NodeOptions (name, profile, overrides, port, host, seed) failed validation. */
  OPTIONS_INVALID: "FAULTLINE_NODE_OPTIONS_INVALID",
  /** The profile name is not one of profileNames(). */
  PROFILE_UNKNOWN: "FAULTLINE_NODE_PROFILE_UNKNOWN",
  /** An admin request body (fault spec) failed validation. */
  FAULT_INVALID: "FAULTLINE_NODE_FAULT_INVALID",
  /** The node could not bind its port. */
  LISTEN_FAILED: "FAULTLINE_NODE_LISTEN_FAILED",
  /** An admin fault was refused: FAULT_LIMITS.maxActive faults are already active (409). */
  TOO_MANY_FAULTS: "FAULTLINE_NODE_TOO_MANY_FAULTS",
  /** The proxy upstream URL is not a valid http(s) URL. */
  UPSTREAM_INVALID: "FAULTLINE_NODE_UPSTREAM_INVALID",
} as const satisfies Record<string, ErrorCode>;

/** Builds a FaultlineError naming the offending field. */
export function nodeError(code: string, message: string, field?: string): FaultlineError {
  return new FaultlineError(code, message, field === undefined ? {} : { field });
}
