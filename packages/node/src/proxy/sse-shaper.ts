import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { StreamShape } from "../faults/fault-kind.js";
import { cutConnection } from "../http/stream-sink.js";
import { KEEP_ALIVE_COMMENT } from "../http/sse.js";
import { PROXY_LIMITS } from "./limits.js";
import { drained } from "./drained.js";

function isTokenFrame(frame: string): boolean {
  if (!frame.startsWith("data: {")) return false;
  try {
    const content = (JSON.parse(frame.slice(6)) as { choices?: { delta?: { content?: unknown } }[] }).choices?.[0]
      ?.delta?.content;
    return typeof content === "string" && content.length > 0;
  } catch {
    return false;
  }
}

/** Holds the stream for `ms`, writing an SSE comment every `everyMs` (keepalive-pings fault). */
async function pauseWithPings(res: ServerResponse, ms: number, everyMs: number): Promise<void> {
  const ping = everyMs > 0 ? setInterval(() => res.destroyed || res.write(KEEP_ALIVE_COMMENT), everyMs) : undefined;
  await new Promise((r) => setTimeout(r, ms));
  clearInterval(ping);
}

const MALFORMED = 'data: {"id":"faultline-malformed","choices":[{"delta":{"content":"tru\n\n';

/**
 * Replays an upstream SSE body frame by frame, applying the same stream
 * faults the simulator applies: tokens are counted as frames whose delta
 * carries content, so `afterTokens` means the same thing on both.
 * Returns when the stream ended, was cut, or stalled.
 *
 * The frames of one upstream read go out in one write, flushed first wherever the
 * stream waits (a pause, a stretched gap) or ends, so each fault still lands at its
 * token and every frame before it reached the caller (issue 23: a write per frame).
 */
export async function shapeSse(upstream: Readable, res: ServerResponse, shape: StreamShape): Promise<void> {
  let buffered = "";
  let tokens = 0;
  // slow-tokens stretches the upstream's token timeline: token i goes out at
  // firstOut + factor × (its arrival − the first token's arrival). Offsets, not
  // per-frame gaps, because frames that arrive in one read have a gap of 0.
  const factor = shape.itlFactor ?? 1;
  let firstArrival = 0;
  let firstOut = 0;
  // What this read has to send and has not written yet.
  let out = "";
  const flush = (): boolean => {
    const text = out;
    out = "";
    return text === "" || res.write(text);
  };
  upstream.setEncoding("utf8");
  for await (const chunk of upstream as AsyncIterable<string>) {
    const arrival = performance.now();
    // Only the new text is searched (from one character back, for a "\n\n" split across chunks):
    // rescanning the whole buffer on every chunk froze the gateway on a line with no end (issue 24).
    let from = Math.max(0, buffered.length - 1);
    buffered += chunk;
    let start = 0;
    let end: number;
    while ((end = buffered.indexOf("\n\n", from)) >= 0) {
      const frame = buffered.slice(start, end);
      start = from = end + 2;
      if (res.destroyed) {
        upstream.destroy();
        return;
      }
      if (frame === "data: [DONE]" && shape.noDone) continue;
      if (isTokenFrame(frame)) {
        const i = tokens++;
        if (shape.cutAfter === i) {
          flush();
          cutConnection(res);
          upstream.destroy();
          return;
        }
        if (shape.stallAfter === i) {
          flush();
          upstream.destroy();
          return;
        }
        if (shape.malformedAt === i) out += MALFORMED;
        if (shape.errorAt === i) {
          res.end(out + shape.errorFrame);
          upstream.destroy();
          return;
        }
        if (shape.pauseAt === i) {
          flush();
          await pauseWithPings(res, shape.pauseMs ?? 0, shape.pingEveryMs ?? 0);
        }
        if (i === 0) {
          firstArrival = arrival;
          firstOut = performance.now();
        } else if (factor > 1) {
          const wait = firstOut + factor * (arrival - firstArrival) - performance.now();
          if (wait > 0) {
            flush();
            await new Promise((r) => setTimeout(r, wait));
          }
        }
      }
      out += frame + "\n\n";
    }
    // Backpressure: a caller that stops reading stops the upstream too, not memory here.
    if (!flush() && !res.destroyed) await drained(res);
    if (start > 0) buffered = buffered.slice(start);
    if (buffered.length > PROXY_LIMITS.maxSseFrameBytes) {
      cutConnection(res);
      upstream.destroy();
      return;
    }
  }
  if (buffered) res.write(buffered);
  res.end();
}
