import type { ErrorCode } from "@faultline/contracts";
/**
 * The base error of every faultline package. Each carries a stable `code`
 * (FAULTLINE_*) that scripts and the CLI's exit-status table key on, and a
 * message written for a person: it names the field and the fix.
 */
export class FaultlineError extends Error {
  /** Stable machine-readable code, e.g. FAULTLINE_SCENARIO_INVALID. */
  readonly code: string;
  /** The input field the error is about, when there is one (e.g. `attacks[2].at`). */
  readonly field: string | undefined;
  /** Further problems reported together with this one (validation reports all at once). */
  readonly details: readonly string[];

  constructor(
    code: string,
    message: string,
    options: { field?: string; details?: readonly string[]; cause?: unknown } = {}
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "FaultlineError";
    this.code = code;
    this.field = options.field;
    this.details = options.details ?? [];
  }
}

/** True when `err` is a FaultlineError, across package copies. */
export function isFaultlineError(err: unknown): err is FaultlineError {
  const code = err instanceof Error ? (err as unknown as { code?: unknown }).code : undefined;
  return typeof code === "string" && code.startsWith("FAULTLINE_");
}

/** Error codes shared by every package; each package adds its own table. */
export const CoreErrorCodes = {
  /** A duration string could not be parsed. */
  DURATION_INVALID: "FAULTLINE_DURATION_INVALID",
  /** A rate string (e.g. 100/s) could not be parsed. */
  RATE_INVALID: "FAULTLINE_RATE_INVALID",
  /** A percentage or threshold expression could not be parsed. */
  THRESHOLD_INVALID: "FAULTLINE_THRESHOLD_INVALID",
} as const satisfies Record<string, ErrorCode>;
