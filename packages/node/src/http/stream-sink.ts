import { performance } from "node:perf_hooks";
import type { ServerResponse } from "node:http";
import type { TokenSink } from "../gpu/sequence.js";
import type { StreamShape } from "../faults/fault-kind.js";
import type { OpenAIErrorBody } from "@faultline/core";
import { ChunkFrames, DONE_FRAME, type Usage } from "./sse.js";

/** Headers of an SSE response, merged with the node's own (x-request-id, x-faultline-node). */
export function sseHeaders(base: Record<string, unknown>): Record<string, string | number | string[]> {
  return { ...(base as Record<string, string>), "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" };
}

/**
 * Ends the TCP connection once what was written is flushed, without the final
 * chunk: the client sees the tokens so far, then a premature close. A plain
 * destroy() would also discard frames still in the socket buffer.
 */
export function cutConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (socket) socket.destroySoon();
  else res.destroy();
}

/**
 * Writes one streamed completion. Headers go out with the first token (as
 * vLLM's streaming response does), so anything that fails before then still
 * gets a real status. Stream faults (cut, stall, malformed frame, missing
 * [DONE]) are applied here, at the exact token the shape names.
 */
export class StreamSink implements TokenSink {
  private started = false;
  private stalled = false;
  /** performance.now() when the headers and first token went out; the attempt log's first byte. */
  startedAt: number | null = null;

  constructor(
    private readonly res: ServerResponse, private readonly headers: Record<string, unknown>,
    private readonly frames: ChunkFrames, private readonly textStart: number,
    private readonly shape: StreamShape | undefined, private readonly includeUsage: boolean,
    private readonly usage: Usage, private readonly onEnd: (ok: boolean, status: number) => void,
  ) {}

  /** True once headers went out. */
  get headersSent(): boolean { return this.started; }

  onToken(index: number): boolean {
    const res = this.res;
    if (res.destroyed || this.stalled) return false;
    if (!this.started) {
      this.started = true;
      this.startedAt = performance.now();
      res.writeHead(200, sseHeaders(this.headers));
      res.write(this.frames.role());
    }
    const s = this.shape;
    if (s) {
      if (s.cutAfter === index) { cutConnection(res); this.onEnd(false, 200); return false; }
      if (s.stallAfter === index) { this.stalled = true; this.onEnd(false, 200); return false; }
      if (s.malformedAt === index) res.write(this.frames.malformed());
    }
    res.write(this.frames.token(this.textStart, index));
    this.usage.completion = index + 1;
    return true;
  }

  onFinish(reason: "stop" | "length"): void {
    const res = this.res;
    if (res.destroyed) return;
    res.write(this.frames.finish(reason));
    if (this.includeUsage) res.write(this.frames.usage(this.usage));
    if (!this.shape?.noDone) res.write(DONE_FRAME);
    res.end();
    this.onEnd(true, 200);
  }

  onFail(status: number, body: OpenAIErrorBody): void {
    const res = this.res;
    if (res.destroyed) return;
    const json = JSON.stringify(body);
    if (!this.started) {
      res.writeHead(status, { ...(this.headers as Record<string, string>), "content-type": "application/json; charset=utf-8" });
      res.end(json);
    } else {
      // Mid-stream the status is already 200: send the error event and drop the stream without [DONE].
      res.end(ChunkFrames.error(json));
    }
    this.onEnd(false, status);
  }
}
