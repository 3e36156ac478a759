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
    api: "chat",
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
    expect(sent.map((s) => s.planned.session)).toEqual(
      [1, 2, 3].map((turn) => ({ id: "p1-chat-0", turn, turns: 3, api: "chat" }))
    );
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

  it("over the Responses API sends only the new message, chained to the last answer's id, stored", async () => {
    const clock = new FakeClock();
    const sent: PlannedRequest[] = [];
    const driver = new SessionDriver({
      classes: [chat({ api: "responses" })],
      durationMs: 60_000,
      seed: 1,
      passId: 1,
      model: "m",
      clock,
      submit: (planned) => {
        sent.push(planned);
        const out = { ...answer(true), body: { id: `resp_${sent.length}` } };
        return new Promise((resolve) => clock.setTimeout(() => resolve(out), 200));
      },
    });
    const done = driver.run();
    await play(clock, 10_000);
    await done;
    const bodies = sent.map((p) => p.body);
    expect(bodies.map((b) => b.previous_response_id)).toEqual([undefined, "resp_1", "resp_2"]);
    expect(bodies.map((b) => (b.input as Array<{ role: string }>).map((m) => m.role))).toEqual([
      ["system", "user"],
      ["user"],
      ["user"],
    ]);
    expect(bodies.every((b) => b.store === true && b.messages === undefined)).toBe(true);
    // OpenAI's floor on max_output_tokens (the class asks for 8); the stream needs no stream_options there.
    expect(bodies[0]).toMatchObject({ max_output_tokens: 16, stream: true });
    expect(bodies[0]!.stream_options).toBeUndefined();
    expect(sent.map((p) => p.session!.api)).toEqual(["responses", "responses", "responses"]);
    // The server still prefills the whole history: the row's estimate grows as a chat turn's would.
    expect(sent[2]!.promptTokens).toBeGreaterThan(sent[0]!.promptTokens);
  });

  it("breaks a Responses conversation at once when its previous response is gone (not asked again)", async () => {
    const clock = new FakeClock();
    const sent: PlannedRequest[] = [];
    const gone = "previous_response_not_found: upstream 404: Previous response with id 'resp_1' not found.";
    const driver = new SessionDriver({
      classes: [chat({ api: "responses", turns: { min: 5, max: 5 } })],
      durationMs: 60_000,
      seed: 1,
      passId: 1,
      model: "m",
      clock,
      submit: (planned) => {
        sent.push(planned);
        const out = sent.length === 1 ? { ...answer(true), body: { id: "resp_1" } } : answer(false, gone);
        return new Promise((resolve) => clock.setTimeout(() => resolve(out), 200));
      },
    });
    const done = driver.run();
    await play(clock, 20_000);
    await done;
    expect(sent.map((p) => p.session!.turn)).toEqual([1, 2]);
  });

  it("asks a Responses turn that failed otherwise again, naming the same previous response", async () => {
    const clock = new FakeClock();
    const sent: PlannedRequest[] = [];
    const driver = new SessionDriver({
      classes: [chat({ api: "responses" })],
      durationMs: 60_000,
      seed: 1,
      passId: 1,
      model: "m",
      clock,
      submit: (planned) => {
        sent.push(planned);
        const out = sent.length === 2 ? answer(false) : { ...answer(true), body: { id: `resp_${sent.length}` } };
        return new Promise((resolve) => clock.setTimeout(() => resolve(out), 200));
      },
    });
    const done = driver.run();
    await play(clock, 10_000);
    await done;
    expect(sent.map((p) => [p.session!.turn, p.body.previous_response_id])).toEqual([
      [1, undefined],
      [2, "resp_1"],
      [2, "resp_1"],
      [3, "resp_3"],
    ]);
  });
});
