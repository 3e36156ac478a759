import { afterAll, describe, expect, it } from "vitest";
import { PngThread } from "./png-thread.js";
import { svgToPng } from "./render.js";

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="60" height="20" fill="#0072b2"/>' +
  '<text x="4" y="34" font-size="12">p99 412 ms</text></svg>';

describe("PngThread", () => {
  const thread = new PngThread();
  afterAll(() => thread.close());

  it("draws the same PNG as the main thread does, at twice the SVG's size", async () => {
    const [off, on] = await Promise.all([thread.rasterise(SVG), svgToPng(SVG)]);
    expect(off.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(off.readUInt32BE(16)).toBe(240); // the IHDR width
    expect(off.equals(on)).toBe(true);
  });

  it("answers each chart with its own PNG when several are in flight", async () => {
    const wide = SVG.replace('width="120"', 'width="200"');
    const [a, b] = await Promise.all([thread.rasterise(SVG), thread.rasterise(wide)]);
    expect([a.readUInt32BE(16), b.readUInt32BE(16)]).toEqual([240, 400]);
  });

  it("rejects an SVG resvg cannot read with resvg's reason, and keeps serving", async () => {
    await expect(thread.rasterise("<svg")).rejects.toThrow(/SVG data parsing failed/);
    expect((await thread.rasterise(SVG)).length).toBeGreaterThan(100);
  });
});
