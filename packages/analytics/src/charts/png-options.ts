import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import { CHART_THEME } from "./theme.js";

/**
 * resvg draws no text without a font, and loading every system font costs about 100 ms per chart, so font files are
 * named. The package ships a subset of the theme's font (scripts/subset-chart-fonts.sh): resvg-js 2.6 reads a font
 * file whole for every run of text it draws, about 5,000 times in a two-pass report, and the whole DejaVu Sans is
 * nine times the subset's size. The subset comes first, so it is the face every chart's text is drawn with; the
 * system's whole font, where present, draws the characters the subset lacks (a node named in Greek, say).
 */
const FONT_FILES = [
  ...CHART_THEME.shippedFontFiles.map((f) => fileURLToPath(new URL(`../../fonts/${f}`, import.meta.url))),
  ...CHART_THEME.systemFontFiles,
].filter((f) => existsSync(f));

/** How a chart's SVG becomes its PNG: twice the SVG's size, the theme's font, a white background. */
export function pngOptions(): ResvgRenderOptions {
  const font = FONT_FILES.length
    ? { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_THEME.font }
    : { loadSystemFonts: true, defaultFontFamily: CHART_THEME.font };
  return { fitTo: { mode: "zoom", value: 2 }, font, background: "white" };
}
