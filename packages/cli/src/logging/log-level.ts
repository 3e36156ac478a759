// The log level words and their resolution, without pino: `faultline --help` and every command's
// registration read them, and loading pino and pino-pretty for that cost every command ~50 ms.
import { FaultlineError } from "@faultline/core";
import { CliErrorCodes } from "../errors.js";

/** pino's levels, quietest last; `silent` turns logging off. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
/** The level when neither --log-level nor FAULTLINE_LOG_LEVEL says: one access line per request and every event. */
export const DEFAULT_LOG_LEVEL = "info";
/** The environment variable that sets the level when the flag does not. */
export const LOG_LEVEL_ENV = "FAULTLINE_LOG_LEVEL";

/** The level from the flag, else the environment, else the default; a bad value is a usage error naming its source. */
export function resolveLogLevel(flag: string | undefined, env = process.env[LOG_LEVEL_ENV]): string {
  const [value, source] =
    flag !== undefined ? [flag, "--log-level"] : env ? [env, LOG_LEVEL_ENV] : [DEFAULT_LOG_LEVEL, ""];
  if (!(LOG_LEVELS as readonly string[]).includes(value))
    throw new FaultlineError(
      CliErrorCodes.USAGE,
      `${source}: "${value}" is not a log level (use one of ${LOG_LEVELS.join(", ")})`,
      { field: source }
    );
  return value;
}
