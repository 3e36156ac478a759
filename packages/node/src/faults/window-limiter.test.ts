import { describe, expect, it } from "vitest";
import { WindowLimiter } from "./window-limiter.js";
import { PERSONAS } from "../personas/registry.js";

describe("a provider's rate-limit windows", () => {
  it("azure-openai: 600 requests a minute are 10 a second and 100 per 10 s; tokens are prompt + max_tokens", () => {
    let now = 0;
    const azure = new WindowLimiter(PERSONAS.get("azure-openai")!.limits, 600, 6000, () => now);
    const granted = Array.from({ length: 12 }, () => azure.take(5, 0) === null).filter(Boolean).length;
    expect(granted).toBe(10);
    expect(azure.take(5, 0)).toEqual({ limit: "requests", retryAfterMs: 1000 });
    now = 1000;
    // 100 tokens a second: 5 + 90 passes, 5 + 10 more would make 110.
    expect(azure.take(5, 90)).toBeNull();
    expect(azure.take(5, 10)).toEqual({ limit: "tokens", retryAfterMs: 1000 });
    now = 9999;
    for (let i = 0; i < 80; i++) azure.take(1, 0);
    // The 10 s window's 100 requests are spent (12 + 1 + 80 + ...) before the 1 s window's 10.
    const refusal = Array.from({ length: 10 }, () => azure.take(1, 0)).find((r) => r !== null);
    expect(refusal).toMatchObject({ limit: "requests" });
  });

  it("openai: a minute's window, charging max(prompt, max_tokens)", () => {
    let now = 0;
    const openai = new WindowLimiter(PERSONAS.get("openai")!.limits, 600, 6000, () => now);
    expect(Array.from({ length: 12 }, () => openai.take(5, 0)).every((r) => r === null)).toBe(true);
    expect(openai.take(10, 5950)).toEqual({ limit: "tokens", retryAfterMs: 60_000 });
    now = 30_000;
    expect(openai.take(10, 5000)).toBeNull(); // 60 + 5000 of 6000
    expect(openai.take(1000, 10)).toEqual({ limit: "tokens", retryAfterMs: 30_000 });
  });
});
