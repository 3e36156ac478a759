import { describe, expect, it } from "vitest";
import type { RequestContext } from "../request-context.js";
import { LazyAttempt, newAttempt } from "./policy.js";

describe("attempts", () => {
  it("an attempt has no AbortController until something reads or aborts it", () => {
    const a = newAttempt({} as RequestContext, 1, false) as LazyAttempt;
    expect(a.hasController).toBe(false);
    a.controller.abort("cancelled");
    expect(a.hasController).toBe(true);
    expect(a.controller.signal.reason).toBe("cancelled");
  });

  it("a transport waiting without a signal hears an abort that creates the controller", () => {
    const a = newAttempt({} as RequestContext, 1, false) as LazyAttempt;
    const heard: unknown[] = [];
    a.onController = (c) => c.signal.addEventListener("abort", () => heard.push(c.signal.reason));
    a.controller.abort("timeout");
    expect(heard).toEqual(["timeout"]);
    expect(a.onController).toBeNull();
  });
});
