import { describe, expect, it } from "vitest";
import { SseLines } from "./sse-lines.js";
import { ResponseTooLargeError } from "./limits.js";

/** The fastest of three runs of `work`, in ms: the least disturbed by other processes on the machine. */
function fastestOfThree(work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    work();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe("SseLines", () => {
  it("splits lines across chunks and multi-byte characters", () => {
    const lines = new SseLines(1024);
    const bytes = Buffer.from("data: é\n\ndata: [DONE]\n");
    const out = [...lines.push(bytes.subarray(0, 7)), ...lines.push(bytes.subarray(7))];
    expect(out).toEqual(["data: é", "", "data: [DONE]"]);
  });

  it("refuses a line with no newline once it passes the bound", () => {
    const lines = new SseLines(8 * 1024 * 1024);
    const chunk = Buffer.alloc(1024, "x");
    let err: unknown;
    try {
      for (let i = 0; i < 10_000; i++) lines.push(chunk);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect((err as ResponseTooLargeError).limit).toBe("maxSseLineBytes");
  });

  it("takes linear time on a line with no newline: about what the same bytes cost in one chunk", () => {
    // The reference is measured here, on the same machine at the same moment: the same 8 MiB line handed over in one
    // chunk, so scanned once. In 1 KiB chunks the old loop rescanned the unfinished line on every chunk, about 4,000
    // times the reference's scanning (seconds); a linear splitter costs about the same as the reference (measured:
    // 0.2 to 1.1 times it). Each is the fastest of three runs, the one least disturbed by other processes.
    const bound = 8 * 1024 * 1024;
    const chunk = Buffer.alloc(1024, "x");
    const whole = Buffer.alloc(bound + 1024, "x");
    const refuse = (feed: (lines: SseLines) => void) => () => {
      const lines = new SseLines(bound);
      expect(() => feed(lines)).toThrow(ResponseTooLargeError);
    };
    const inChunks = fastestOfThree(
      refuse((lines) => {
        for (let i = 0; i < 10_000; i++) lines.push(chunk);
      })
    );
    const inOne = fastestOfThree(refuse((lines) => lines.push(whole)));
    expect(inChunks, `the same bytes in one chunk: ${inOne.toFixed(1)} ms`).toBeLessThan(20 * inOne);
  });
});
