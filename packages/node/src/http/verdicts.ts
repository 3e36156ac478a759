import type { IncomingMessage, ServerResponse } from "node:http";
import type { Admission } from "../faults/fault-kind.js";
import { sendRawError } from "./replies.js";
import { sseHeaders } from "./stream-sink.js";
import type { Persona } from "../personas/persona.js";

/** Carries out a fault's terminal verdict on a request (shared by the simulator and the proxy). */
export function applyVerdict(
  req: IncomingMessage,
  res: ServerResponse,
  base: Record<string, unknown>,
  verdict: Exclude<Admission, { type: "delay" }>,
  stream: boolean,
  persona: Persona
): void {
  switch (verdict.type) {
    case "respond":
      return sendRawError(res, base, verdict.status, verdict.body, verdict.headers, persona, verdict.resetAfterMs);
    case "reset":
      req.socket.resetAndDestroy();
      return;
    case "hang":
      return;
    case "zombie":
      // A stream gets its 200 and then nothing: a wedged engine behind a healthy front end.
      if (stream) {
        res.writeHead(200, sseHeaders(base));
        res.flushHeaders();
      }
      return;
  }
}
