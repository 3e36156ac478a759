import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FaultlineError } from "@faultline/core";
import type { TopLevelSpec } from "vega-lite";
import { AnalyticsErrorCodes } from "../errors.js";
import { pngOptions } from "./png-options.js";
import type { PngThread } from "./png-thread.js";

/** A chart as written to disk: its name, the SVG text (inlined in report.html). */
export interface RenderedChart {
  name: string;
  title: string;
  svg: string;
  /** Set on an incident's recovery view. */
  incident?: { passId: number; attackId: string };
}

const chartLibraries = () => Promise.all([import("vega"), import("vega-lite")]);

/**
 * Loads what drawing charts on this thread needs (vega, vega-lite) ahead of the first chart. `faultline run` calls it
 * during its first warm-up, where the CPU is mostly idle, instead of at the report. resvg loads in the report's
 * PngThread.
 */
export async function loadChartLibraries(): Promise<void> {
  await chartLibraries();
}

/**
 * Renders a vega-lite spec to SVG server-side (no browser, no canvas). vega and vega-lite (about
 * 0.25 s of CPU) load on the first chart, or earlier through loadChartLibraries. On worker threads
 * (two, loaded at the report's start) a short run's report took longer than here on a 2-core
 * machine: each thread loads vega again and they share two cores with the scans (docs/BENCHMARKS.md).
 */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await chartLibraries();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises SVG to PNG at twice the SVG's size on this thread (resvg renders on libuv's thread pool, then encodes
 * here); a report's PngThread draws the same PNG on a thread of its own.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { renderAsync } = await import("@resvg/resvg-js"); // loaded with the first chart, as vega is
  const image = await renderAsync(svg, pngOptions());
  return image.asPng();
}

const chartFailed = (name: string, dir: string, cause: unknown) =>
  new FaultlineError(
    AnalyticsErrorCodes.FAULTLINE_CHART_FAILED,
    `chart ${name} could not be rendered (${(cause as Error).message}); the .vl.json spec is kept in ${dir}`,
    { cause }
  );

/**
 * Writes charts/<name>.vl.json and .svg, and starts the PNG on `pngThread`; returns the SVG
 * for inlining and a promise that settles when the PNG is written.
 */
export async function writeChart(
  dir: string,
  name: string,
  title: string,
  spec: TopLevelSpec,
  pngThread: PngThread
): Promise<{ chart: RenderedChart; png: Promise<void> }> {
  let svg: string;
  try {
    writeFileSync(join(dir, `${name}.vl.json`), JSON.stringify(spec, null, 2) + "\n");
    svg = await specToSvg(spec);
    writeFileSync(join(dir, `${name}.svg`), svg);
  } catch (cause) {
    throw chartFailed(name, dir, cause);
  }
  const png = pngThread.rasterise(svg).then(
    (buf) => writeFileSync(join(dir, `${name}.png`), buf),
    (cause: unknown) => Promise.reject(chartFailed(name, dir, cause))
  );
  png.catch(() => undefined); // the caller awaits it; this only keeps an early failure from going unhandled
  return { chart: { name, title, svg }, png };
}
