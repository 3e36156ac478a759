/**
 * The one look every chart shares: readable fonts, the same colour for a node
 * in every chart, and attack windows shaded in one colour and labelled.
 * Users who restyle a chart edit the .vl.json kept next to its image.
 */
export const CHART_THEME = Object.freeze({
  font: "DejaVu Sans",
  /** Font files handed to resvg for PNGs (see render.ts). */
  fontFiles: [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  ],
  width: 720,
  height: 220,
  /** Tableau-10: distinguishable, and colour-blind safe for the first few. */
  nodePalette: [
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
  ],
  strategyPalette: ["#bab0ac", "#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2"],
  seriesPalette: ["#4e79a7", "#e15759", "#59a14f", "#f28e2b"],
  attackFill: "#e15759",
  attackOpacity: 0.13,
});

/** vega-lite `config` applied to every chart. */
export function vegaConfig(): Record<string, unknown> {
  const f = CHART_THEME.font;
  return {
    font: f,
    background: "white",
    padding: 8,
    title: { font: f, fontSize: 15, anchor: "start", offset: 10 },
    axis: { labelFont: f, titleFont: f, labelFontSize: 11, titleFontSize: 12, gridColor: "#e6e6e6", labelLimit: 400 },
    legend: { labelFont: f, titleFont: f, labelFontSize: 11, titleFontSize: 12, orient: "right", labelLimit: 400 },
    header: { labelFont: f, titleFont: f, labelFontSize: 12, titleFontSize: 12 },
    view: { stroke: "#cccccc" },
  };
}

/** A colour scale that gives each name the same colour wherever it appears. */
export function colourScale(
  domain: readonly string[],
  palette: readonly string[]
): { domain: string[]; range: string[] } {
  return { domain: [...domain], range: domain.map((_, i) => palette[i % palette.length]!) };
}
