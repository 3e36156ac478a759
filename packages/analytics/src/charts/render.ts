import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { FaultlineError } from "@faultline/core";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { AnalyticsErrorCodes } from "../errors.js";
import { CHART_THEME } from "./theme.js";

/** A chart as written to disk: its name, the SVG text (inlined in report.html). */
export interface RenderedChart {
  name: string;
  title: string;
  svg: string;
}

/** Renders a vega-lite spec to SVG server-side (no browser, no canvas). */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises SVG to PNG; resvg needs a font, so system fonts are loaded and DejaVu is the default. */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: CHART_THEME.font }, background: "white" });
  return resvg.render().asPng();
}

/** Writes charts/<name>.vl.json, .svg and .png; returns the SVG for inlining. */
export async function writeChart(dir: string, name: string, title: string, spec: TopLevelSpec): Promise<RenderedChart> {
  try {
    writeFileSync(join(dir, `${name}.vl.json`), JSON.stringify(spec, null, 2) + "\n");
    const svg = await specToSvg(spec);
    writeFileSync(join(dir, `${name}.svg`), svg);
    writeFileSync(join(dir, `${name}.png`), svgToPng(svg));
    return { name, title, svg };
  } catch (cause) {
    throw new FaultlineError(AnalyticsErrorCodes.FAULTLINE_CHART_FAILED, `chart ${name} could not be rendered (${(cause as Error).message}); the .vl.json spec is kept in ${dir}`, { cause });
  }
}
