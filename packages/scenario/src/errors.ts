import type { ErrorCode } from "@faultline/contracts";
/** Every error code @faultline/scenario throws; the CLI maps codes to exit statuses. */
export const ScenarioErrorCodes = {
  /** The scenario file has one or more problems; `details` lists them all. */
  INVALID: "FAULTLINE_SCENARIO_INVALID",
  /** The scenario file does not exist. */
  NOT_FOUND: "FAULTLINE_SCENARIO_NOT_FOUND",
  /** The file exists but could not be read or imported (not YAML, not a module, .ts not compiled). */
  UNREADABLE: "FAULTLINE_SCENARIO_UNREADABLE",
  /** A loader option (timeScale, seed) is out of range. */
  OPTION_INVALID: "FAULTLINE_SCENARIO_OPTION_INVALID",
} as const satisfies Record<string, ErrorCode>;
