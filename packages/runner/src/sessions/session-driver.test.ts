import { describe, expect, it } from "vitest";
import { FakeClock } from "@faultline/core";
import type { RequestClass } from "@faultline/scenario";
import type { PlannedRequest } from "../request-factory.js";
import type { JudgedOutcome } from "../systems/load-target.js";
import { SessionDriver } from "./session-driver.js";

const chat = (session: Partial<NonNullable<RequestClass["session"]>> = {}): RequestClass => ({
  name: "chat",
  weight: 0,
  stream: 1,
  promptTokens: { min: 1, max: 1 },
  maxTokens: { min: 8, max: 8 },
  residency: null,
  minTier: null,
  session: {
    count: 1,
    rate: null,
    turns: { min: 3, max: 3 },
    thinkTimeMs: { min: 1000, max: 1000 },
    contextTokens: { min: 100, max: 100 },
    userTokens: { min: 10, max: 10 },
    ...session,
  },
});

const answer = (ok: boolean, error: string | null = null): JudgedOutcome => ({
  ok,
  status: ok ? 200 : 503,
  servedBy: ok ? "a" : null,
  attempts: 1,
  error: ok ? null : (error ?? "down"),
  errorClass: ok ? null : "http_5xx",
  firstByteAt: null,
  promptTokens: 0,
  completionTokens: ok ? 8 : 0,
  wastedTokens: 0,
});

/** A driver whose requests are answered after `answerMs` on the fake clock, by `decide`. */
function drive(cls: RequestClass, decide: (p: PlannedRequest) => boolean, durationMs = 60_000, answerMs = 200) {
  const clock = new FakeClock();
  const sent: Array<{ at: number; planned: PlannedRequest; id: string }> = [];
  const driver = new SessionDriver({
    classes: [cls],
    durationMs,
    seed: 1,
    passId: 1,
    model: "m",
    clock,
    submit: (planned, at, id) => {
      sent.push({ at, planned, id });
      return new Promise((resolve) => clock.setTimeout(() => resolve(answer(decide(planned))), answerMs));
    },
  });
  const done = driver.run();
  return { clock, sent, done };
}

/** Advances the fake clock in small steps, letting the driver's promises settle between them. */
async function play(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 50) {
    clock.advance(50);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
}

describe("the session driver", () => {
  it("sends the turns one after another, each after the answer and a think time, the history growing", async () => {
    const { clock, sent, done } = drive(chat(), () => true);
    await play(clock, 10_000);
    await done;
    expect(sent.map((s) => s.planned.session)).toEqual([1, 2, 3].map((turn) => ({ id: "p1-chat-0", turn, turns: 3 })));
    // Start after one think time (1 s); each next turn 200 ms of answer plus 1 s of think later.
    expect(sent.map((s) => s.at)).toEqual([1000, 2200, 3400]);
    const messages = sent.map((s) => (s.planned.body.messages as Array<{ role: string }>).map((m) => m.role));
    expect(messages[2]).toEqual(["system", "user", "assistant", "user", "assistant", "user"]);
    expect(sent[2]!.planned.promptTokens).toBeGreaterThan(sent[0]!.planned.promptTokens);
    expect(sent.map((s) => s.id)).toEqual(["fl-1-p1-chat-0-1", "fl-1-p1-chat-0-2", "fl-1-p1-chat-0-3"]);
  });

  it("asks a failed turn again once after a think time; a second failure breaks the conversation", async () => {
    const { clock, sent, done } = drive(chat(), (p) => p.session!.turn < 2);
    await play(clock, 10_000);
    await done;
    expect(sent.map((s) => [s.planned.session!.turn, s.at])).toEqual([
      [1, 1000],
      [2, 2200],
      [2, 3400],
    ]);
    expect(sent[2]!.id).toBe("fl-1-p1-chat-0-2-again1");
  });

  it("does not ask again when the history outgrew the node's window", async () => {
    const clock = new FakeClock();
    let n = 0;
    const driver = new SessionDriver({
      classes: [chat()],
      durationMs: 60_000,
      seed: 1,
      passId: 1,
      model: "m",
      clock,
      submit: () => {
        n++;
        return Promise.resolve(answer(false, "context_length_exceeded: This model's maximum context length is 8192"));
      },
    });
    const done = driver.run();
    await play(clock, 5000);
    await done;
    expect(n).toBe(1);
  });

  it("starts no turn after the pass's end: the conversation is left unfinished", async () => {
    const { clock, sent, done } = drive(chat({ turns: { min: 10, max: 10 } }), () => true, 3000);
    await play(clock, 10_000);
    await done;
    expect(sent.map((s) => s.at)).toEqual([1000, 2200]);
  });

  it("starts sessions at their arrival rate over the pass", async () => {
    const { clock, sent, done } = drive(chat({ count: null, rate: 2, turns: { min: 1, max: 1 } }), () => true, 10_000);
    await play(clock, 12_000);
    await done;
    expect(new Set(sent.map((s) => s.planned.session!.id)).size).toBeGreaterThan(10);
    expect(Math.max(...sent.map((s) => s.at))).toBeLessThan(10_000);
  });
});
