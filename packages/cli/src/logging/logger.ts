import { pino, type Logger } from "pino";
import pretty from "pino-pretty";
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

/**
 * The logger of a long-running command (node, proxy, gateway): pino's JSON lines on
 * stdout, one object a line, for `docker compose logs` and log shippers; a human
 * form when stdout is a terminal. pino-pretty runs in-process and synchronously,
 * so a line is on screen before the next one and nothing is lost at exit.
 */
export function createLogger(component: string, level: string, tty = process.stdout.isTTY === true): Logger {
  const options = { level, base: { component }, timestamp: pino.stdTimeFunctions.isoTime };
  // Synchronous writes: a line is never lost to a process that exits on Ctrl-C or a crash fault, at the price
  // of one write per line.
  if (!tty) return pino(options, pino.destination({ dest: 1, sync: true }));
  return pino(options, pretty({ colorize: true, sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" }));
}
