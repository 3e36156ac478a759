import { performance } from "node:perf_hooks";
import type { ServerResponse } from "node:http";
import type { TokenSink } from "../gpu/sequence.js";
import type { StreamShape } from "../faults/fault-kind.js";
import { systemClock, type Clock, type OpenAIErrorBody, type Timer } from "@faultline/core";
import type { SseFrames, Usage } from "./sse.js";
import type { Persona } from "../personas/persona.js";
import { openaiPersona } from "../personas/openai.js";

/** Headers of an SSE response, merged with the node's own (x-request-id, x-faultline-node). */
export function sseHeaders(base: Record<string, unknown>): Record<string, string | number | string[]> {
  return {
    ...(base as Record<string, string>),
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  };
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
 *
 * Backpressure: the engine generates at its own pace, as vLLM's does whatever
 * the client reads, but a frame is written only while the socket takes it.
 * Tokens generated meanwhile are kept as a count (a frame is rebuilt from its
 * index), and written on `drain`. A caller that stops reading so holds at most
 * one socket buffer here: twenty such callers once took a node from 79 MB to
 * 1,564 MB in 10 s (issue 24).
 */
export class StreamSink implements TokenSink {
  private started = false;
  private stopped = false;
  /** Tokens generated, and tokens written to the caller. */
  private generated = 0;
  private written = 0;
  private finishReason: "stop" | "length" | null = null;
  private waiting = false;
  private readonly onDrain = (): void => {
    this.waiting = false;
    this.flush();
  };
  /** performance.now() when the headers and first token went out; the attempt log's first byte. */
  startedAt: number | null = null;
  /**
   * Token frames written to the caller: what the attempt log counts as sent (a cut or stall stops short of what was
   * generated).
   */
  tokensSent = 0;
  /** True when the stream ended with an error event after its 200: the answer broke off mid-way. */
  broken = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly headers: Record<string, unknown>,
    private readonly frames: SseFrames,
    private readonly textStart: number,
    private readonly shape: StreamShape | undefined,
    private readonly includeUsage: boolean,
    private readonly usage: Usage,
    private readonly onEnd: (ok: boolean, status: number) => void,
    private readonly persona: Persona = openaiPersona,
    private readonly clock: Clock = systemClock
  ) {}

  /** True once headers went out. */
  get headersSent(): boolean {
    return this.started;
  }

  onToken(index: number): boolean {
    if (this.res.destroyed || this.stopped) return false;
    this.generated = index + 1;
    this.usage.completion = index + 1;
    this.flush();
    return !this.stopped;
  }

  onFinish(reason: "stop" | "length"): void {
    if (this.res.destroyed || this.stopped) return;
    this.finishReason = reason;
    this.flush();
  }

  /** Writes what was generated while the socket takes it; finishes once all of it is out. */
  private flush(): void {
    const res = this.res;
    if (this.waiting || res.destroyed || this.stopped) return;
    if (!this.started) {
      this.started = true;
      this.startedAt = performance.now();
      res.writeHead(200, sseHeaders(this.headers));
      res.write(this.frames.role());
    }
    const s = this.shape;
    while (this.written < this.generated) {
      if (res.writableNeedDrain) {
        this.waiting = true;
        res.once("drain", this.onDrain);
        return;
      }
      const index = this.written++;
      if (s) {
        if (s.cutAfter === index) {
          this.stopped = true;
          cutConnection(res);
          this.onEnd(false, 200);
          return;
        }
        if (s.stallAfter === index) {
          this.stopped = true;
          this.onEnd(false, 200);
          return;
        }
        if (s.malformedAt === index) res.write(this.frames.malformed());
        if (s.errorAt === index) {
          this.stopped = this.broken = true;
          res.end(s.errorFrame);
          this.onEnd(false, s.errorStatus ?? 500);
          return;
        }
        if (s.pauseAt === index && !this.paused) {
          this.written--;
          this.pause(s.pauseMs ?? 0, s.pingEveryMs ?? 0);
          return;
        }
      }
      res.write(this.frames.token(this.textStart, index));
      this.tokensSent++;
    }
    if (this.finishReason === null) return;
    res.write(this.frames.finish(this.finishReason));
    if (this.includeUsage) res.write(this.frames.usageFrame(this.usage));
    if (!this.shape?.noDone) res.write(this.frames.done());
    this.stopped = true;
    res.end();
    this.onEnd(true, 200);
  }

  private paused = false;

  /** Holds the stream for `ms` with a keep-alive every `everyMs` (keepalive-pings fault), then writes what waited. */
  private pause(ms: number, everyMs: number): void {
    this.paused = this.waiting = true;
    const res = this.res;
    let ping: Timer;
    const beat = (): void => {
      if (res.destroyed) return;
      res.write(this.frames.keepAlive());
      ping = this.clock.setTimeout(beat, everyMs);
    };
    if (everyMs > 0) ping = this.clock.setTimeout(beat, everyMs);
    const resume = (): void => {
      this.clock.clearTimeout(ping);
      this.clock.clearTimeout(end);
      res.off("close", resume);
      this.waiting = false;
      this.flush();
    };
    const end = this.clock.setTimeout(resume, ms);
    res.once("close", resume);
  }

  onFail(status: number, body: OpenAIErrorBody): void {
    const res = this.res;
    if (res.destroyed) return;
    if (!this.started) {
      const reply = this.persona.reply({ status, body });
      res.writeHead(reply.status, {
        ...(this.headers as Record<string, string>),
        ...reply.headers,
        "content-type": "application/json; charset=utf-8",
      });
      res.end(reply.body);
    } else {
      // Mid-stream the status is already 200: send the provider's error event and drop the stream without [DONE].
      this.broken = true;
      res.end(this.persona.streamError({ status, body }));
    }
    this.stopped = true;
    this.onEnd(false, status);
  }
}
