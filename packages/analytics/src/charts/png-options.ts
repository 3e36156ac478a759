import { existsSync } from "node:fs";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import { CHART_THEME } from "./theme.js";

/**
 * resvg draws no text without a font. Loading every system font costs about
 * 100 ms per chart, so the theme's font files are passed directly when they
 * exist (Debian: fonts-dejavu-core), and system fonts are the fallback.
 */
const FONT_FILES = CHART_THEME.fontFiles.filter((f) => existsSync(f));

/** How a chart's SVG becomes its PNG: twice the SVG's size, the theme's font, a white background. */
export function pngOptions(): ResvgRenderOptions {
  const font = FONT_FILES.length
    ? { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_THEME.font }
    : { loadSystemFonts: true, defaultFontFamily: CHART_THEME.font };
  return { fitTo: { mode: "zoom", value: 2 }, font, background: "white" };
}
