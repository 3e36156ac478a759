import type { Clock } from "@faultline/core";
import type { RequestContext } from "./request-context.js";
import type { Call } from "./policies/policy.js";
import type { AttemptRecord } from "./types.js";

/**
 * Wraps the transport so each attempt is reported once it settles: the gateway's
 * per-attempt histograms (and traces) read it. Only composed when someone listens,
 * so a client without an observer pays nothing per attempt.
 */
export function observeAttempts(
  send: Call,
  clock: Clock,
  onAttempt: (a: AttemptRecord, ctx: RequestContext) => void
): Call {
  // A plain then(), not an async wrapper: one promise per attempt rather than an extra async frame.
  return (ctx, attempt) => {
    const startedAt = clock.now();
    return send(ctx, attempt).then((r) => {
      const endpoint = r.endpoint ?? attempt.endpoint;
      if (endpoint)
        onAttempt(
          {
            endpoint: endpoint.name,
            origin: endpoint.origin,
            n: attempt.n,
            stream: ctx.stream,
            ok: r.ok,
            status: r.status,
            errorClass: r.ok ? null : r.errorClass,
            cancelled: r.cancelled === true,
            startedAt,
            durationMs: clock.now() - startedAt,
            firstByteMs: r.firstByteAt === null ? null : r.firstByteAt - startedAt,
            promptTokens: r.promptTokens,
            completionTokens: r.completionTokens,
          },
          ctx
        );
      return r;
    });
  };
}
