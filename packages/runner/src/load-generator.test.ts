import { FakeClock, createRandom } from "@faultline/core";
import type { RequestRow } from "@faultline/eventlog";
import type { LoadSpec } from "@faultline/scenario";
import { describe, expect, it } from "vitest";
import { ArrivalSchedule } from "./arrivals.js";
import { LoadGenerator } from "./load-generator.js";
import { LOAD_MODEL, RequestFactory } from "./request-factory.js";
import type { JudgedOutcome, LoadTarget } from "./systems/load-target.js";

const LOAD: LoadSpec = {
  rate: 10,
  rateEnd: 10,
  arrival: "uniform",
  stream: 0,
  promptTokens: { min: 8, max: 8 },
  maxTokens: { min: 4, max: 4 },
  timeoutMs: 5_000,
};

/** A system under test that answers every request `answerMs` later on the fake clock (never, when null). */
function targetAnsweringAfter(clock: FakeClock, answerMs: number | null): LoadTarget & { received: number[] } {
  const received: number[] = [];
  return {
    received,
    chat() {
      received.push(clock.now());
      return new Promise<JudgedOutcome>((resolve) => {
        if (answerMs === null) return;
        clock.setTimeout(
          () =>
            resolve({
              ok: true,
              status: 200,
              servedBy: "primary",
              attempts: 1,
              error: null,
              errorClass: null,
              firstByteAt: clock.now(),
              promptTokens: 8,
              completionTokens: 4,
              wastedTokens: 0,
            }),
          answerMs
        );
      });
    },
    endpointStates: () => [],
    close: async () => undefined,
  };
}

/** A system under test that never answers on its own, and fails a request the moment the pass cuts it. */
function targetAnsweringOnlyTheCut(clock: FakeClock): LoadTarget & { received: number[] } {
  const received: number[] = [];
  return {
    received,
    chat(_body, o) {
      received.push(clock.now());
      return new Promise<JudgedOutcome>((resolve) =>
        o.cut?.addEventListener("abort", () =>
          resolve({
            ok: false,
            status: null,
            servedBy: null,
            attempts: 1,
            error: "aborted",
            errorClass: "connect",
            firstByteAt: null,
            promptTokens: 0,
            completionTokens: 0,
            wastedTokens: 0,
          })
        )
      );
    },
    endpointStates: () => [],
    close: async () => undefined,
  };
}

function generator(clock: FakeClock, target: LoadTarget, rows: RequestRow[]): LoadGenerator {
  const random = createRandom(1);
  return new LoadGenerator({
    schedule: new ArrivalSchedule(LOAD, 1_000, random),
    factory: new RequestFactory(LOAD, random, LOAD_MODEL),
    client: target,
    clock,
    passId: 1,
    strategy: "none",
    timeoutMs: LOAD.timeoutMs,
    record: (row) => rows.push(row),
  });
}

/** A generator that sent its first request (at 100 ms) and was stopped at 150 ms, with that request in flight. */
async function oneSendThenStopped(clock: FakeClock, target: LoadTarget, rows: RequestRow[]): Promise<LoadGenerator> {
  const gen = generator(clock, target, rows);
  const done = gen.run();
  clock.advance(150);
  gen.stop();
  await done;
  return gen;
}

/** Starts a drain of 500 ms with a 1 s cut grace; `at` is the fake time it resolved at (-1 until then). */
function drainTimed(clock: FakeClock, gen: LoadGenerator): { at: number; done: Promise<void> } {
  const drain = { at: -1, done: Promise.resolve() };
  drain.done = gen.drain(500, 1_000).then(() => {
    drain.at = clock.now();
  });
  return drain;
}

/** Lets the promise callbacks of everything the clock just fired run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

/**
 * Advances in 50 ms steps, settling promises after each: an answer resolved at a step is then
 * recorded at that step's time (every time in these tests is a multiple of 50 ms).
 */
async function advanceBy(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 50) {
    clock.advance(50);
    await settle();
  }
}

describe("the load generator, on a fake clock", () => {
  it("sends on the open-model schedule without waiting for answers, and records each one's times", async () => {
    const clock = new FakeClock();
    const target = targetAnsweringAfter(clock, 250);
    const rows: RequestRow[] = [];
    const done = generator(clock, target, rows).run();
    await advanceBy(clock, 350);
    // A uniform schedule at 10/s sends every 100 ms from 100 ms. By 350 ms three went out while only
    // the first (answered at 350 ms) came back.
    expect(target.received).toEqual([100, 200, 300]);
    expect(rows).toHaveLength(1);
    await advanceBy(clock, 1_000);
    await done;
    expect(target.received).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(rows.map((r) => [r.scheduled_ms, r.start_ms, r.end_ms])).toEqual(
      target.received.map((t) => [t, t, t + 250])
    );
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(9);
  });

  it("cuts the requests still in flight when its drain window runs out, and records why they ended", async () => {
    const clock = new FakeClock();
    const target = targetAnsweringOnlyTheCut(clock);
    const rows: RequestRow[] = [];
    const gen = await oneSendThenStopped(clock, target, rows);
    expect(target.received).toEqual([100]);
    const drain = drainTimed(clock, gen);
    clock.advance(499);
    await settle();
    expect(drain.at).toBe(-1);
    clock.advance(1);
    await drain.done;
    // Cut at the window's end (650 ms), not held to the request's own 5 s deadline, and its row is recorded.
    expect(drain.at).toBe(650);
    expect(gen.inFlight()).toBe(0);
    expect(rows.map((r) => [r.end_ms, r.ok, r.error_class, r.error])).toEqual([
      [650, 0, "deadline", "no answer before the pass ended (still in flight 500 ms after the last send)"],
    ]);
  });

  it("waits only the cut's grace for a request that ignores the cut", async () => {
    const clock = new FakeClock();
    const gen = await oneSendThenStopped(clock, targetAnsweringAfter(clock, null), []);
    const drain = drainTimed(clock, gen);
    clock.advance(500);
    await settle();
    expect(drain.at).toBe(-1);
    clock.advance(1_000);
    await drain.done;
    expect(drain.at).toBe(1_650);
    expect(gen.inFlight()).toBe(1);
  });
});
