import { describe, expect, it } from "vitest";
import { FakeClock } from "@faultline/core";
import { SessionCache } from "./session-cache.js";

describe("the per-session prefix cache", () => {
  it("misses a session it never saw, then holds its prompt and answer for the next turn", () => {
    const cache = new SessionCache({ maxSessions: 10, ttlMs: 60_000 }, new FakeClock());
    expect(cache.lookup("s1", 1000)).toBe(0);
    cache.remember("s1", 1000 + 50);
    // Turn 2: the history (1,050 tokens) plus a new user message of 200.
    expect(cache.lookup("s1", 1250)).toBe(1050);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it("always leaves one token to compute, as vLLM does on a full hit (a turn asked again)", () => {
    const cache = new SessionCache({ maxSessions: 10, ttlMs: 60_000 }, new FakeClock());
    cache.remember("s1", 1050);
    expect(cache.lookup("s1", 1000)).toBe(999);
  });

  it("forgets a session idle for longer than the TTL, on the engine's clock", () => {
    const clock = new FakeClock();
    const cache = new SessionCache({ maxSessions: 10, ttlMs: 5000 }, clock);
    cache.remember("s1", 500);
    clock.advance(4999);
    expect(cache.lookup("s1", 600)).toBe(500);
    clock.advance(5001);
    expect(cache.lookup("s1", 600)).toBe(0);
  });

  it("evicts the least recently used session when full", () => {
    const cache = new SessionCache({ maxSessions: 2, ttlMs: 60_000 }, new FakeClock());
    cache.remember("a", 100);
    cache.remember("b", 100);
    cache.lookup("a", 200); // a is now the most recent
    cache.remember("c", 100);
    expect(cache.size).toBe(2);
    expect(cache.lookup("b", 200)).toBe(0);
    expect(cache.lookup("a", 200)).toBe(100);
  });
});
