import type { ClientOptions } from "../defaults.js";
import type { AttemptResult } from "../attempt.js";
import type { RequestContext } from "../request-context.js";
import { completionText, streamFrames } from "./replay.js";

const EMERGENCY = Object.freeze({ tier: "emergency" as const });

/**
 * The emergency tier's last word, as `maintenanceAnswer` says: `unavailable` is a 503 whose error carries the message
 * and a Retry-After; `message` is an OpenAI-shaped completion whose content is the message (streamed as frames when
 * the request streams). Either way the request has class `maintenance`: it was not answered, and availability says so.
 */
export function maintenanceAnswer(ctx: RequestContext, options: ClientOptions, why: string): AttemptResult {
  const base: AttemptResult = {
    ok: false,
    status: 503,
    endpoint: null,
    errorClass: "maintenance",
    error: `${options.maintenanceMessage} (${why})`,
    disposition: "final",
    retryAfterMs: options.maintenanceRetryAfterMs,
    firstByteAt: null,
    promptTokens: 0,
    completionTokens: 0,
  };
  if (options.maintenanceAnswer === "unavailable") return base;
  const created = Math.floor(Date.now() / 1000);
  const bodyText = completionText(
    "faultline-maintenance",
    ctx.body.model ?? null,
    created,
    options.maintenanceMessage,
    0,
    0
  );
  if (ctx.stream) {
    for (const frame of streamFrames(bodyText, options.maintenanceMessage, false))
      ctx.onChunk?.(frame, "", ctx.attempts, EMERGENCY);
    ctx.onFlush?.();
    return { ...base, status: 200 };
  }
  return { ...base, status: 200, body: JSON.parse(bodyText), bodyText };
}
