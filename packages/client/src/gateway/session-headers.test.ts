import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { SESSION_HEADER, TURN_HEADER } from "@faultline/contracts";
import { startGateway } from "./server.js";
import { validateClientConfig } from "./config.js";
import { chatBody, startUpstream } from "../testing/upstream.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe("the gateway and conversations", () => {
  it("passes a caller's session and turn on to the node, and keeps the session on one endpoint", async () => {
    const a = await startUpstream("a");
    const b = await startUpstream("b");
    const gw = await startGateway({
      config: validateClientConfig({
        strategy: "session-affinity",
        endpoints: [
          { name: "a", url: a.url },
          { name: "b", url: b.url },
        ],
      }),
      port: 0,
    });
    cleanups.push(
      () => a.close(),
      () => b.close(),
      () => gw.close()
    );
    const served: string[] = [];
    for (let turn = 1; turn <= 8; turn++) {
      const res = await request(`${gw.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", [SESSION_HEADER]: "conv-1", [TURN_HEADER]: String(turn) },
        body: JSON.stringify(chatBody()),
      });
      await res.body.text();
      served.push(String(res.headers["x-faultline-endpoint"]));
    }
    // Weighted routing alone would spread 8 turns over both endpoints (1 in 128 it would not).
    expect(new Set(served).size).toBe(1);
    const seen = [...a.state.headers, ...b.state.headers].map((h) => [h[SESSION_HEADER], h[TURN_HEADER]]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((t) => ["conv-1", String(t)]));
  });
});
