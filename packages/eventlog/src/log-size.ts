import { EVENT_LOG_DEFAULTS } from "./defaults.js";

/** The bytes events.db is expected to take for `requests` requests, for the free-space check before a run. */
export function expectedLogBytes(requests: number): number {
  return Math.ceil(requests * EVENT_LOG_DEFAULTS.bytesPerRequest) + EVENT_LOG_DEFAULTS.reserveBytes;
}
