import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { pngOptions } from "./png-options.js";
import { CHART_THEME } from "./theme.js";

const SYSTEM_FONT = CHART_THEME.systemFontFiles.every((f) => existsSync(f));

/** Text as the charts draw it: a bold title, axis labels, attack labels with arrows, units and marks. */
const chartText = (line: string) =>
  '<svg xmlns="http://www.w3.org/2000/svg" width="360" height="90" font-family="DejaVu Sans">' +
  '<text x="4" y="18" font-size="15" font-weight="bold">Latency of successful requests (ms)</text>' +
  `<text x="4" y="44" font-size="11">${line}</text>` +
  '<text x="4" y="70" font-size="12">p99 ≤ 1500 ms × 2 → backup – 99.5% ✓ ✗ µs … “quoted”</text></svg>';

const draw = (svg: string, fontFiles: string[]) =>
  new Resvg(svg, { ...pngOptions(), font: { fontFiles, loadSystemFonts: false, defaultFontFamily: CHART_THEME.font } })
    .render()
    .asPng();

describe("the PNGs' fonts", () => {
  it("draw with the subset of DejaVu Sans shipped in the package first", () => {
    const files = (pngOptions().font as { fontFiles: string[] }).fontFiles;
    expect(files.slice(0, 2).map((f) => f.split(/[\\/]/).pop())).toEqual([...CHART_THEME.shippedFontFiles]);
  });

  it.skipIf(!SYSTEM_FONT)("draw chart text byte for byte as the whole font does, from the subset alone", () => {
    const svg = chartText("attack-1: disable primary, 0 1 2 3 4 5 6 7 8 9 (none) [hedged] {a_b} #1 @ &amp; * + = ? !");
    // The subset alone, without the system's fallback: a chart character it lacked would come out missing here.
    const subsetOnly = (pngOptions().font as { fontFiles: string[] }).fontFiles.filter((f) =>
      f.endsWith(".subset.ttf")
    );
    expect(subsetOnly.length).toBe(2);
    expect(draw(svg, subsetOnly).equals(draw(svg, [...CHART_THEME.systemFontFiles]))).toBe(true);
  });

  it.skipIf(!SYSTEM_FONT)("draw a character outside the subset with the system's whole font", () => {
    const svg = chartText("node Ωμέγα, zone Ж");
    const mine = (pngOptions().font as { fontFiles: string[] }).fontFiles;
    const subsetOnly = mine.filter((f) => f.endsWith(".subset.ttf"));
    const whole = draw(svg, [...CHART_THEME.systemFontFiles]);
    expect(draw(svg, mine).equals(whole)).toBe(true);
    // Without the fallback the Greek and Cyrillic would be missing: the check above can fail.
    expect(draw(svg, subsetOnly).equals(whole)).toBe(false);
  });
});
