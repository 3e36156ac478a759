import type { ErrorCode } from "@faultline/contracts";
/** Error codes of the conformance suite; the CLI maps them to exit statuses. */
export const ConformanceErrorCodes = {
  /** `--system` is not a strategy, a readable system file or an http(s) URL, or a URL system has no nodes. */
  SYSTEM_INVALID: "FAULTLINE_CONFORMANCE_SYSTEM_INVALID",
  /** `--cases` or `--required` names a case that is not in the catalogue, or one that cannot run yet. */
  CASE_INVALID: "FAULTLINE_CONFORMANCE_CASE_INVALID",
} as const satisfies Record<string, ErrorCode>;
