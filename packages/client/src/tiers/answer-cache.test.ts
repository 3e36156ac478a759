import { describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fake-clock.js";
import { AnswerCache, answerKey } from "./answer-cache.js";

const answer = (content: string) => ({
  bodyText: JSON.stringify({ choices: [{ message: { content } }] }),
  content,
  endpoint: "primary",
  promptTokens: 3,
  completionTokens: 1,
});
const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  model: "m",
  messages: [{ role: "user", content }],
  max_tokens: 16,
  ...extra,
});

describe("the answer cache (minimal tier)", () => {
  it("serves an answer up to its maximum staleness and not a millisecond later", () => {
    const clock = new FakeClock();
    const cache = new AnswerCache(10, 5000, clock);
    const key = answerKey(ask("hi"), null);
    cache.store(key, answer("hello"));
    clock.advance(5000);
    expect(cache.lookup(key)).toMatchObject({ ageMs: 5000, answer: { content: "hello", storedAt: 0 } });
    clock.advance(1);
    expect(cache.lookup(key)).toBeNull();
    // The stale entry is dropped, not kept to be missed again.
    expect(cache.size).toBe(0);
  });

  it("a fresher answer to the same request restarts its age", () => {
    const clock = new FakeClock();
    const cache = new AnswerCache(10, 1000, clock);
    const key = answerKey(ask("hi"), null);
    cache.store(key, answer("one"));
    clock.advance(900);
    cache.store(key, answer("two"));
    clock.advance(900);
    expect(cache.lookup(key)).toMatchObject({ ageMs: 900, answer: { content: "two" } });
  });

  it("holds no more than its bound, dropping the least recently used", () => {
    const clock = new FakeClock();
    const cache = new AnswerCache(2, 60_000, clock);
    const [a, b, c] = ["a", "b", "c"].map((t) => answerKey(ask(t), null));
    cache.store(a!, answer("A"));
    cache.store(b!, answer("B"));
    cache.lookup(a!); // a is now more recent than b
    cache.store(c!, answer("C"));
    expect(cache.size).toBe(2);
    expect(cache.lookup(b!)).toBeNull();
    expect(cache.lookup(a!)?.answer.content).toBe("A");
  });

  it("keys by what changes the answer, not by how it is delivered or who asked", () => {
    const base = answerKey(ask("hi"), null);
    expect(answerKey(ask("hi", { stream: true, stream_options: { include_usage: true }, user: "u1" }), null)).toBe(
      base
    );
    // Key order is not part of a request.
    expect(answerKey({ max_tokens: 16, messages: [{ content: "hi", role: "user" }], model: "m" }, null)).toBe(base);
    expect(answerKey(ask("hi", { max_tokens: 17 }), null)).not.toBe(base);
    expect(answerKey(ask("hi", { temperature: 0.2 }), null)).not.toBe(base);
    expect(answerKey(ask("hi", { model: "other" }), null)).not.toBe(base);
    expect(answerKey(ask("hello"), null)).not.toBe(base);
    // An answer made for one residency is not served to a request bound to another.
    expect(answerKey(ask("hi"), "eu")).not.toBe(base);
  });

  it("refuses a bound that is not a positive integer, naming it", () => {
    expect(() => new AnswerCache(0, 1000, new FakeClock())).toThrow(/answer cache size must be an integer >= 1, got 0/);
  });
});
