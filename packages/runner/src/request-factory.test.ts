import { createRandom } from "@faultline/core";
import type { LoadSpec } from "@faultline/scenario";
import { describe, expect, it } from "vitest";
import { RequestFactory } from "./request-factory.js";

const base: LoadSpec = {
  rate: 1,
  rateEnd: 1,
  arrival: "uniform",
  stream: 0.5,
  promptTokens: { min: 10, max: 20 },
  maxTokens: { min: 5, max: 5 },
  timeoutMs: 1000,
};

describe("RequestFactory", () => {
  it("draws prompt lengths in range and streams about the configured share", () => {
    const f = new RequestFactory(base, createRandom(1), "m");
    const reqs = Array.from({ length: 2000 }, () => f.next());
    expect(reqs.every((r) => r.promptTokens >= 10 && r.promptTokens <= 20)).toBe(true);
    const streams = reqs.filter((r) => r.stream).length;
    expect(streams).toBeGreaterThan(900);
    expect(streams).toBeLessThan(1100);
    expect(reqs.find((r) => r.stream)!.body["stream_options"]).toEqual({ include_usage: true });
  });

  it("builds each prompt as the first N words of one text", () => {
    const f = new RequestFactory({ ...base, promptTokens: { min: 1, max: 40 } }, createRandom(3), "m");
    const prompts = new Map<number, string>();
    for (let i = 0; i < 500; i++) {
      const r = f.next();
      prompts.set(r.promptTokens, (r.body["messages"] as Array<{ content: string }>)[0]!.content);
    }
    for (const [n, text] of prompts) expect(text.split(" ")).toHaveLength(n);
    const longest = prompts.get(Math.max(...prompts.keys()))!;
    for (const text of prompts.values()) expect(longest.startsWith(text)).toBe(true);
  });

  it("picks request classes by weight", () => {
    const f = new RequestFactory(
      {
        ...base,
        classes: [
          {
            name: "chat",
            weight: 3,
            stream: 0,
            promptTokens: { min: 1, max: 1 },
            maxTokens: { min: 1, max: 1 },
            residency: null,
            minTier: null,
            session: null,
          },
          {
            name: "long",
            weight: 1,
            stream: 1,
            promptTokens: { min: 100, max: 100 },
            maxTokens: { min: 500, max: 500 },
            residency: "eu",
            minTier: "full",
            session: null,
          },
        ],
      },
      createRandom(2),
      "m"
    );
    const reqs = Array.from({ length: 4000 }, () => f.next());
    const long = reqs.filter((r) => r.requestClass === "long");
    expect(long.length).toBeGreaterThan(850);
    expect(long.length).toBeLessThan(1150);
    expect(long.every((r) => r.stream && r.body["max_tokens"] === 500)).toBe(true);
    // A class's residency travels with each of its requests, and only with them.
    expect(reqs.every((r) => r.residency === (r.requestClass === "long" ? "eu" : null))).toBe(true);
    expect(reqs.every((r) => r.minTier === (r.requestClass === "long" ? "full" : null))).toBe(true);
  });
});
