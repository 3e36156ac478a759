import { pino, type Logger } from "pino";
import pretty from "pino-pretty";
export { DEFAULT_LOG_LEVEL, LOG_LEVEL_ENV, LOG_LEVELS, resolveLogLevel } from "./log-level.js";

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
