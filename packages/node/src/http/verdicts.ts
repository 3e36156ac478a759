import type { FastifyReply, FastifyRequest } from "fastify";
import type { Admission } from "../faults/fault-kind.js";
import { sendError } from "./replies.js";
import { sseHeaders } from "./stream-sink.js";

/** Carries out a fault's terminal verdict on a request (shared by the simulator and the proxy). */
export function applyVerdict(req: FastifyRequest, reply: FastifyReply, verdict: Exclude<Admission, { type: "delay" }>, stream: boolean): void {
  switch (verdict.type) {
    case "respond": return sendError(reply, verdict.status, verdict.body, verdict.headers);
    case "reset": reply.hijack(); req.raw.socket.resetAndDestroy(); return;
    case "hang": reply.hijack(); return;
    case "zombie":
      reply.hijack();
      // A stream gets its 200 and then nothing: a wedged engine behind a healthy front end.
      if (stream) { reply.raw.writeHead(200, sseHeaders(reply.getHeaders())); reply.raw.flushHeaders(); }
      return;
  }
}
