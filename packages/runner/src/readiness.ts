import { request } from "undici";
import { FaultlineError, sleep } from "@faultline/core";
import { RUNNER_DEFAULTS } from "./defaults.js";
import { RunnerErrorCodes } from "./errors.js";

/**
 * Waits until a node says it is ready to serve (GET /health/ready, or /health
 * where a server has no readiness endpoint). A pass must not start its clock
 * while a node is still loading its model, or the first seconds of every run
 * would count as an outage nobody injected. Aborting `signal` stops the asking (another node failed to start).
 */
export async function waitUntilReady(
  name: string,
  origin: string,
  timeoutMs: number = RUNNER_DEFAULTS.nodeStartTimeoutMs,
  signal?: AbortSignal
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let path = "/health/ready";
  let last = "no answer";
  while (Date.now() < deadline && !signal?.aborted) {
    try {
      const res = await request(origin + path, {
        headersTimeout: RUNNER_DEFAULTS.adminTimeoutMs,
        bodyTimeout: RUNNER_DEFAULTS.adminTimeoutMs,
      });
      await res.body.dump();
      if (res.statusCode === 200) return;
      if (res.statusCode === 404 && path !== "/health") path = "/health";
      last = `status ${res.statusCode}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(50);
  }
  throw new FaultlineError(
    RunnerErrorCodes.NODE_START_FAILED,
    `node "${name}" at ${origin} was not ready within ${timeoutMs} ms (${last})`,
    { field: `nodes.${name}` }
  );
}
