import { describe, expect, it } from "vitest";
import { OutcomeWindow } from "./outcome-window.js";

describe("OutcomeWindow", () => {
  it("counts outcomes within the window and forgets older seconds", () => {
    const w = new OutcomeWindow(10);
    for (let t = 0; t < 3000; t += 100) w.record(t, t < 2000);
    expect(w.totals(2999, 1000)).toEqual({ ok: 0, failed: 10 });
    expect(w.totals(2999, 3000)).toEqual({ ok: 20, failed: 10 });
    expect(w.totals(20_000, 5000)).toEqual({ ok: 0, failed: 0 });
  });
});
