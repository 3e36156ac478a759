import { describe, expect, it } from "vitest";
import { FrameBatch } from "./frame-batch.js";

describe("FrameBatch, one read's frames as the caller's bytes", () => {
  it("writes payloads, byte ranges and text in the order given, each frame ended by a blank line", () => {
    const batch = new FrameBatch();
    const upstream = Buffer.from('data: {"model":"m","content":"tok"}\n\n');
    batch.addPayload('{"model":"e/m","content":"é"}');
    batch.addBytes(Buffer.from('data: {"model":"e/m","content":"'), upstream, 30, upstream.length - 2);
    batch.addText("data: [DONE]\n\n");
    expect(batch.take()!.toString()).toBe(
      'data: {"model":"e/m","content":"é"}\n\ndata: {"model":"e/m","content":"tok"}\n\ndata: [DONE]\n\n'
    );
    expect(batch.empty).toBe(true);
    expect(batch.take()).toBeNull();
  });

  it("grows past its first buffer without losing what it holds, and starts the next batch afresh", () => {
    const batch = new FrameBatch();
    const payloads = Array.from({ length: 200 }, (_, i) => `{"i":${i},"text":"${"x".repeat(i)}"}`);
    for (const p of payloads) batch.addPayload(p);
    const first = batch.take()!;
    expect(first.toString()).toBe(payloads.map((p) => `data: ${p}\n\n`).join(""));
    batch.addPayload("{}");
    expect(batch.take()!.toString()).toBe("data: {}\n\n");
    // The first batch is the caller's to write: the next one did not reuse its memory.
    expect(first.toString().startsWith('data: {"i":0,')).toBe(true);
  });
});
