import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { drained } from "./drained.js";

/**
 * Copies an upstream body to the caller as it comes, one write per upstream read, and waits for a caller that
 * stops reading (backpressure: its backlog stays here as an unread upstream, not as memory). Throws when the
 * upstream body fails; the caller's response is then the forwarder's to cut.
 *
 * Why not `stream.pipeline`: per answer it built an AbortController and, once the answer ended, aborted it, which
 * builds a DOMException with its stack. While the proxy relayed streams that was 5-7% of its CPU (createAbortSignal
 * and DOMException in a `--cpu-prof` profile, issue 23) for a signal nothing listened to.
 */
export async function relayBody(body: Readable, res: ServerResponse): Promise<void> {
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (res.destroyed) {
      body.destroy();
      return;
    }
    if (!res.write(chunk)) await drained(res);
  }
  if (!res.destroyed) res.end();
}
