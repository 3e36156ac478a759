import { afterEach, describe, expect, it } from "vitest";
import { createFailoverClient } from "../client.js";
import { chatBody, startUpstream, type Mode } from "../testing/upstream.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Streams one answer with the primary in `mode`; returns what the caller saw, in order: frames and flushes. */
async function streamWith(mode: Mode) {
  const primary = await startUpstream("primary", { tokens: 8 });
  const backup = await startUpstream("backup", { tokens: 8 });
  primary.state.mode = mode;
  const client = createFailoverClient({
    strategy: "active-passive",
    endpoints: [
      { name: "primary", url: primary.url },
      { name: "backup", url: backup.url },
    ],
  });
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => client.close()
  );
  const seen: string[] = [];
  const out = await client.chat(chatBody(true), {
    onChunk: (line) => seen.push(line),
    onFlush: () => seen.push("<flush>"),
  });
  return { out, seen };
}

describe("onFlush, the end of a batch of streamed frames", () => {
  it("follows every frame of a whole stream before chat() settles", async () => {
    const { out, seen } = await streamWith("ok");
    expect(out.ok).toBe(true);
    const frames = seen.filter((s) => s !== "<flush>");
    expect(frames.filter((f) => f.includes('"content":"primary'))).toHaveLength(8);
    expect(seen.at(-1)).toBe("<flush>");
  });

  it("follows the error frame that ends a stream broken after its first token", async () => {
    const { out, seen } = await streamWith("stream-cut");
    expect(out.ok).toBe(false);
    expect(seen.at(-2)).toContain("stream_aborted");
    expect(seen.at(-1)).toBe("<flush>");
  });
});
