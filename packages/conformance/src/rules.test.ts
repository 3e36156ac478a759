import { describe, expect, it } from "vitest";
import { CATALOGUE } from "./catalogue/index.js";
import { answered, attempt, evidence, failed } from "./hand-evidence.test-util.js";
import { gradeCase } from "./rules.js";

const byId = (id: string) => CATALOGUE.find((c) => c.id === id)!;

describe("the verdict rules every case shares", () => {
  it("fails a case when a cut stream reached the caller as a 200 success", () => {
    const cut = failed(
      200,
      "stream_cut",
      "the stream ended without a finish_reason (a cut stream passed on as a success)",
      [attempt("primary", 200, { outcome: "cut" })]
    );
    const g = gradeCase(byId("stream-cut"), evidence([answered(), cut]));
    expect(g.verdict).toBe("fail");
    expect(g.reason).toMatch(/1 wrong or truncated answer/);
  });

  it("fails a case when an answer's text is not what the nodes sent", () => {
    const g = gradeCase(byId("error-503-persistent"), evidence([answered(undefined, { text: "mismatch" })]));
    expect(g.verdict).toBe("fail");
  });

  it("fails a case when a request hung until the caller's deadline", () => {
    const hung = failed(null, "deadline", "no whole answer within the 6000 ms deadline", [attempt("primary", 0)], {
      startMs: 600,
      endMs: 6600,
    });
    const g = gradeCase(byId("no-response"), evidence([answered(), hung]));
    expect(g).toMatchObject({ verdict: "fail" });
    expect(g.reason).toMatch(/hung until the caller's 6000 ms deadline/);
  });

  it("fails a must-not-retry case when the refused request went to the same node again", () => {
    const again = failed(400, "http_4xx", "HTTP 400: maximum context length", [
      attempt("primary", 400),
      attempt("primary", 400, { arrivedMs: 20 }),
    ]);
    expect(gradeCase(byId("context-length-exceeded"), evidence([again])).verdict).toBe("fail");
  });

  it("calls a case safe when requests failed cleanly and nothing wrong reached the caller", () => {
    const clean = failed(200, "stream_cut", "error event mid-stream: stream aborted after partial answer", [
      attempt("primary", 200, { outcome: "cut" }),
    ]);
    expect(gradeCase(byId("stream-cut"), evidence([answered(), clean])).verdict).toBe("safe");
  });

  it("fails a case that recorded no request at all", () => {
    expect(gradeCase(byId("stream-cut"), evidence([])).verdict).toBe("fail");
  });
});

describe("case rules", () => {
  it("passes a 500 retried on the same endpoint, and calls a failover to the backup partial", () => {
    const same = answered([attempt("primary", 500), attempt("primary", 200, { arrivedMs: 60 })]);
    const moved = answered([attempt("primary", 500), attempt("backup", 200, { arrivedMs: 60 })]);
    expect(gradeCase(byId("error-500-once"), evidence([same])).verdict).toBe("pass");
    expect(gradeCase(byId("error-500-once"), evidence([same, moved])).verdict).toBe("partial");
  });

  it("does not hold a move after a 500 against a stack once that node had failed three times in a row", () => {
    const fails = (at: number) => answered([attempt("primary", 500, { arrivedMs: at, endMs: at + 10 })]);
    const movedAt = (at: number) =>
      answered([
        attempt("primary", 500, { arrivedMs: at - 10, endMs: at }),
        attempt("backup", 200, { arrivedMs: at + 5 }),
      ]);
    const inARow = [fails(100), fails(120), movedAt(140)];
    const afterASuccess = [
      fails(100),
      answered([attempt("primary", 200, { arrivedMs: 110, endMs: 125 })]),
      movedAt(140),
    ];
    expect(gradeCase(byId("error-500-once"), evidence(inARow))).toMatchObject({
      verdict: "pass",
      reason: expect.stringMatching(/but 1 that came once it had failed three times in a row and went elsewhere/),
    });
    expect(gradeCase(byId("error-500-once"), evidence(afterASuccess)).verdict).toBe("partial");
  });

  it("passes a short Retry-After waited out on the same node, and calls one ignored or failed over partial", () => {
    const early = answered([attempt("primary", 429, { endMs: 100 }), attempt("primary", 200, { arrivedMs: 200 })]);
    const waited = answered([attempt("primary", 429, { endMs: 100 }), attempt("primary", 200, { arrivedMs: 620 })]);
    const moved = answered([attempt("primary", 429, { endMs: 100 }), attempt("backup", 200, { arrivedMs: 101 })]);
    const shortCase = byId("rate-limit-short-retry-after");
    expect(gradeCase(shortCase, evidence([waited])).verdict).toBe("pass");
    expect(gradeCase(shortCase, evidence([waited, early])).reason).toMatch(/sooner than its 500 ms Retry-After/);
    expect(gradeCase(shortCase, evidence([waited, moved])).reason).toMatch(/went to another endpoint/);
  });

  it("passes a context-length refusal passed back with its reason after one attempt, and not one that lost it", () => {
    const reason = 'HTTP 400: {"error":{"message":"This model\'s maximum context length is 64 tokens.';
    const passed = failed(400, "http_4xx", reason, [attempt("primary", 400)]);
    const lost = failed(502, "http_5xx", "HTTP 502: upstream error", [attempt("primary", 400)]);
    const wasted = failed(400, "http_4xx", reason, [attempt("primary", 400), attempt("backup", 400)]);
    expect(gradeCase(byId("context-length-exceeded"), evidence([passed])).verdict).toBe("pass");
    expect(gradeCase(byId("context-length-exceeded"), evidence([passed, wasted])).verdict).toBe("partial");
    expect(gradeCase(byId("context-length-exceeded"), evidence([passed, lost])).verdict).toBe("safe");
  });

  it("bounds upstream attempts per request under a full outage", () => {
    const down = (n: number) =>
      failed(
        502,
        "http_5xx",
        "HTTP 502",
        Array.from({ length: n }, (_, i) => attempt(i % 2 ? "backup" : "primary", 503)),
        {
          startMs: 800,
        }
      );
    expect(gradeCase(byId("retry-amplification-outage"), evidence([down(2), down(3)])).verdict).toBe("pass");
    expect(gradeCase(byId("retry-amplification-outage"), evidence([down(2), down(9)])).verdict).toBe("partial");
  });

  it("measures failback as the first 250 ms bucket from which the primary serves 90% for good", () => {
    const at = (ms: number, node: string) => answered([attempt(node, 200)], { startMs: ms });
    const recovered = {
      attacks: [
        {
          attackId: "a",
          target: "primary",
          fault: "disable",
          plannedMs: 500,
          startMs: 500,
          endMs: 2000,
          revertedMs: 2000,
        },
      ],
    };
    const fast = [at(2100, "backup"), at(2600, "primary"), at(3000, "primary"), at(4500, "primary")];
    const slow = [at(2100, "backup"), at(4000, "backup"), at(5300, "primary"), at(6000, "primary")];
    expect(
      gradeCase(byId("failback-after-recovery"), evidence(fast, { ...recovered, passEndMs: 7000 })).reason
    ).toMatch(/again 0\.50 s after/);
    const g = gradeCase(byId("failback-after-recovery"), evidence(slow, { ...recovered, passEndMs: 7000 }));
    expect(g.verdict).toBe("partial");
    expect(g.reason).toMatch(/3\.25 s after recovering \(target 3 s\)/);
  });

  it("counts how often traffic went back to a flapping primary", () => {
    const at = (ms: number, node: string) => answered([attempt(node, 200)], { startMs: ms });
    const flaps = {
      attacks: [
        {
          attackId: "f",
          target: "primary",
          fault: "disable",
          plannedMs: 500,
          startMs: 500,
          endMs: 4000,
          revertedMs: 4000,
        },
      ],
    };
    const steady = [at(600, "backup"), at(1200, "backup"), at(2600, "backup"), at(3500, "primary")];
    const flapping = [at(600, "backup"), at(1000, "primary"), at(1600, "backup"), at(2000, "primary")];
    expect(gradeCase(byId("flapping-primary"), evidence(steady, flaps)).verdict).toBe("pass");
    expect(gradeCase(byId("flapping-primary"), evidence(flapping, flaps)).verdict).toBe("partial");
  });

  it("calls a resumed answer partial when its usage counts fewer tokens than its attempts delivered", () => {
    const resumed = (tokens: number) =>
      answered(
        [
          attempt("primary", 200, { outcome: "cut", completionTokens: 3 }),
          attempt("backup", 200, { completionTokens: 13 }),
        ],
        {
          stream: true,
          text: "splice",
          completionTokens: tokens,
        }
      );
    expect(gradeCase(byId("stream-cut"), evidence([resumed(16)])).verdict).toBe("pass");
    expect(gradeCase(byId("stream-cut"), evidence([resumed(13)])).verdict).toBe("partial");
  });
});
