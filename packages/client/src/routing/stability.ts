import type { ClientOptions } from "../defaults.js";
import type { Endpoint } from "../endpoint.js";

/**
 * How long a recovered endpoint must stay available before it rejoins: the
 * base window, multiplied by `stabilityBackoffFactor` for each flap it is
 * remembered for, up to `stabilityWindowMaxMs`. Envoy grows a host's ejection
 * time the same way with each ejection; a fixed window either brings a
 * flapping primary back every time (LiteLLM's flat cooldown) or makes every
 * recovery slow.
 */
export function stabilityWindowMs(e: Endpoint, options: ClientOptions): number {
  if (e.flaps === 0) return options.stabilityWindowMs;
  return Math.min(
    Math.max(options.stabilityWindowMaxMs, options.stabilityWindowMs),
    options.stabilityWindowMs * options.stabilityBackoffFactor ** e.flaps
  );
}

/**
 * Forgets one flap for each `flapMemoryMs` the endpoint has stayed available
 * in the rotation, so the window shrinks back after a long calm (Envoy lowers
 * its ejection multiplier each interval a host stays healthy).
 */
export function forgetFlaps(e: Endpoint, now: number, options: ClientOptions): void {
  if (e.flaps === 0 || options.flapMemoryMs <= 0) return;
  while (e.flaps > 0 && now - e.calmSince >= options.flapMemoryMs) {
    e.flaps -= 1;
    e.calmSince += options.flapMemoryMs;
  }
}
