/**
 * The one look every chart shares: readable fonts, the same colour for a node
 * in every chart, and attack windows shaded in one colour and labelled.
 * Users who restyle a chart edit the .vl.json kept next to its image.
 */
export const CHART_THEME = Object.freeze({
  font: "DejaVu Sans",
  /** The font's files shipped with this package (fonts/), a subset of DejaVu Sans, for the PNGs (png-options.ts). */
  shippedFontFiles: ["DejaVuSans.subset.ttf", "DejaVuSans-Bold.subset.ttf"],
  /** The whole font where the system has it (Debian: fonts-dejavu-core), for characters outside the subset. */
  systemFontFiles: [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  ],
  width: 720,
  height: 220,
  /**
   * Okabe & Ito's palette (Color Universal Design, 2008): told apart with every common colour-vision deficiency.
   * Vermillion is kept out of the node colours: it means failure and attack in every chart.
   */
  nodePalette: ["#0072B2", "#E69F00", "#009E73", "#56B4E9", "#CC79A7", "#F0E442", "#000000", "#999999"],
  /** The first strategy is usually the `none` baseline: grey, the others as the nodes. */
  strategyPalette: ["#999999", "#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9"],
  seriesPalette: ["#0072B2", "#D55E00", "#009E73", "#E69F00"],
  /** Tiers best first (full, degraded, minimal, emergency), Okabe & Ito; vermillion is left for unserved. */
  tierPalette: ["#009E73", "#56B4E9", "#E69F00", "#CC79A7"],
  okColour: "#009E73",
  failColour: "#D55E00",
  attackFill: "#D55E00",
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
