import { FakeClock } from "@faultline/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { chat, expire, inject, sseData, testNode, type TestNode } from "../../testing.test-util.js";

let node: TestNode;
// Nodes on the zero profile decode synchronously, so only a fault's duration waits: on this fake clock.
let clock: FakeClock;
beforeEach(() => {
  clock = new FakeClock();
});
afterEach(async () => {
  await node?.close();
});

const tokenFrames = (text: string) => sseData(text).filter((d) => d.includes('"content":"') && !d.includes('"role"'));

describe("stream faults, seen from outside and cleared by their duration", () => {
  it("stream-cut kills the stream after N tokens with no finish and no [DONE], then clears", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "stream-cut", afterTokens: 3, durationMs: 400 });
    const res = await request(node.url + "/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", stream: true, max_tokens: 10, messages: [{ role: "user", content: "hi" }] }),
    });
    let text = "";
    await expect(
      (async () => {
        for await (const c of res.body) text += String(c);
      })()
    ).rejects.toThrow();
    expect(tokenFrames(text)).toHaveLength(3);
    expect(text).not.toContain('finish_reason":"length');
    expect(text).not.toContain("[DONE]");
    await expire(node, clock, id);
    expect((await chat(node, { stream: true })).text).toContain("[DONE]");
  });

  it("stream-stall goes silent after N tokens with the socket open, then clears", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "stream-stall", afterTokens: 2, durationMs: 500 });
    const res = await request(node.url + "/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      bodyTimeout: 250,
      body: JSON.stringify({ model: "m", stream: true, max_tokens: 10, messages: [{ role: "user", content: "hi" }] }),
    });
    let text = "";
    await expect(
      (async () => {
        for await (const c of res.body) text += String(c);
      })()
    ).rejects.toThrow(/timeout/i);
    expect(tokenFrames(text)).toHaveLength(2);
    await expire(node, clock, id);
    expect((await chat(node, { stream: true })).text).toContain("[DONE]");
  });

  it("malformed-chunk puts one frame of invalid JSON in the stream, then clears", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "malformed-chunk", afterTokens: 1, durationMs: 300 });
    const bad = sseData((await chat(node, { stream: true })).text)
      .filter((d) => d !== "[DONE]")
      .filter((d) => {
        try {
          JSON.parse(d);
          return false;
        } catch {
          return true;
        }
      });
    expect(bad).toHaveLength(1);
    await expire(node, clock, id);
    for (const d of sseData((await chat(node, { stream: true })).text))
      if (d !== "[DONE]") expect(() => JSON.parse(d)).not.toThrow();
  });

  it("no-done finishes the stream without [DONE], then clears", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "no-done", durationMs: 300 });
    const text = (await chat(node, { stream: true })).text;
    expect(text).toContain('"finish_reason":"length"');
    expect(text).not.toContain("[DONE]");
    await expire(node, clock, id);
    expect((await chat(node, { stream: true })).text).toContain("[DONE]");
  });

  it("slow-tokens multiplies inter-token latency and leaves time to first token alone, then clears", async () => {
    // Measured by the node's own histograms, on the fake clock: on the wall clock, a loaded machine (a full run of the
    // suite) delayed the node's own steps past what the assertions allow.
    node = await testNode({ clock, overrides: { itlMs: 5, itlJitter: 0, ttftMs: 20 } });
    // The stream's steps wait on the fake clock: it moves a millisecond each turn of the event loop until the answer
    // is in.
    const driven = async (work: Promise<unknown>) => {
      let done = false;
      const settled = work.finally(() => (done = true));
      while (!done) {
        clock.advance(1);
        await new Promise((r) => setImmediate(r));
      }
      await settled;
    };
    const scrape = async () => {
      const text = await (await request(node.url + "/metrics")).body.text();
      const v = (name: string) =>
        Number(
          text
            .split("\n")
            .find((l) => l.startsWith(name))!
            .split(" ")
            .pop()
        );
      return {
        itlSum: v("vllm:inter_token_latency_seconds_sum"),
        itlCount: v("vllm:inter_token_latency_seconds_count"),
        ttftSum: v("vllm:time_to_first_token_seconds_sum"),
        ttftCount: v("vllm:time_to_first_token_seconds_count"),
      };
    };
    const meansOver = async (run: () => Promise<unknown>) => {
      const a = await scrape();
      await run();
      const b = await scrape();
      return {
        itlMs: ((b.itlSum - a.itlSum) / (b.itlCount - a.itlCount)) * 1000,
        ttftMs: ((b.ttftSum - a.ttftSum) / (b.ttftCount - a.ttftCount)) * 1000,
      };
    };
    const id = await inject(node, { kind: "slow-tokens", factor: 8, durationMs: 1500 });
    const slow = await meansOver(() => driven(chat(node, { stream: true, max_tokens: 11 })));
    expect(slow.itlMs).toBeCloseTo(5 * 8, 0);
    expect(slow.ttftMs).toBeCloseTo(20, 0);
    await expire(node, clock, id);
    const normal = await meansOver(() => driven(chat(node, { stream: true, max_tokens: 11 })));
    expect(normal.itlMs).toBeCloseTo(5, 0);
    expect(normal.ttftMs).toBeCloseTo(20, 0);
  });
});
