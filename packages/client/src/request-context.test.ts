import { describe, expect, it } from "vitest";
import type { Attempt } from "./attempt.js";
import { RequestContext } from "./request-context.js";

const attempt = (): Attempt => ({ endpoint: null, n: 1, controller: new AbortController(), holdsBudget: false });

describe("RequestContext", () => {
  it("aborting cancels every live attempt and the request signal, once", () => {
    const s = new RequestContext({ stream: true }, 1000, undefined);
    const a = attempt(),
      b = attempt();
    s.live.add(a).add(b);
    const signal = s.signal;
    s.abort();
    s.abort();
    expect(s.aborted).toBe(true);
    expect(a.controller.signal.aborted && b.controller.signal.aborted && signal.aborted).toBe(true);
  });

  it("a signal read after the abort is already aborted", () => {
    const s = new RequestContext({}, 1000, undefined);
    s.abort();
    expect(s.signal.aborted).toBe(true);
    expect(s.stream).toBe(false);
  });

  it("two requests share one hidden class: no per-request own accessors", () => {
    const s = new RequestContext({}, 1, undefined);
    expect(Object.getOwnPropertyDescriptor(s, "signal")).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(s, "abort")).toBeUndefined();
  });
});
