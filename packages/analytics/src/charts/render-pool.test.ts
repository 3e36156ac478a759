import { afterAll, describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { specToSvg } from "./render.js";
import { ChartRenderPool } from "./render-pool.js";

const bars = (n: number): TopLevelSpec => ({
  data: { values: Array.from({ length: n }, (_, i) => ({ x: `k${i}`, y: i })) },
  mark: "bar",
  encoding: { x: { field: "x", type: "nominal" }, y: { field: "y", type: "quantitative" } },
});

describe("ChartRenderPool", () => {
  const pool = new ChartRenderPool(2);
  afterAll(() => pool.close());

  it("draws the same SVG as rendering on this thread, several charts at once, each its own", async () => {
    const specs = [bars(2), bars(5), bars(9)];
    const drawn = await Promise.all(specs.map((s) => pool.toSvg(s)));
    expect(drawn).toEqual(await Promise.all(specs.map((s) => specToSvg(s))));
    expect(new Set(drawn).size).toBe(3);
  });

  it("rejects a spec vega cannot draw with vega's own message, and keeps drawing the next", async () => {
    const bad = { ...bars(2), mark: "no-such-mark" } as unknown as TopLevelSpec;
    const here = await specToSvg(bad).catch((e: Error) => e.message);
    await expect(pool.toSvg(bad)).rejects.toThrow(here);
    await expect(pool.toSvg(bars(3))).resolves.toMatch(/^<svg/);
  });
});
