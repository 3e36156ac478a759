import type { ErrorCode } from "@faultline/contracts";
/** Error codes of the CLI itself (flags and arguments). */
export const CliErrorCodes = {
  /** A flag or argument is missing or malformed. */
  USAGE: "FAULTLINE_CLI_USAGE",
} as const satisfies Record<string, ErrorCode>;
