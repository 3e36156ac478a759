import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { buildReport } from "../build-report.js";
import { specToSvg } from "../charts/render.js";
import { assignSlots, timeSeriesSpec } from "../charts/time-series-spec.js";
import { removeTempRuns, tempRunDir, writeMainRun } from "../hand-run.fixture.js";

afterAll(removeTempRuns);

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Every attack label inside its chart's SVG (none cut at an edge), and none overprinting another. */
async function expectAttackLabelsInsideAndApart(page: Page): Promise<void> {
  const labels = (await page.evaluate(`[...document.querySelectorAll("svg")].map((svg) => {
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll("text")].filter((t) => t.getAttribute("fill") === "#a33b3b");
    return { box: [box.left, box.top, box.right, box.bottom],
      texts: texts.map((t) => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }) };
  })`)) as Array<{ box: number[]; texts: number[][] }>;
  expect(labels.flatMap((c) => c.texts).length).toBeGreaterThan(0);
  for (const { box, texts } of labels) {
    for (const t of texts)
      expect([t, box, t[0]! >= box[0]! && t[1]! >= box[1]! && t[2]! <= box[2]! && t[3]! <= box[3]!]).toEqual([
        t,
        box,
        true,
      ]);
    for (const [i, a] of texts.entries())
      for (const b of texts.slice(i + 1))
        expect([a, b, a[2]! <= b[0]! || b[2]! <= a[0]! || a[3]! <= b[1]! || b[3]! <= a[1]!]).toEqual([a, b, true]);
  }
}

describe("report.html in a browser", () => {
  it.skipIf(!existsSync(CHROMIUM))(
    "renders offline with every chart, the verdict on top and no horizontal scroll " +
      `(needs ${CHROMIUM}, Debian package chromium)`,
    async () => {
      const dir = tempRunDir();
      writeMainRun(dir);
      await buildReport(dir);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
        const page = await context.newPage();
        const requests: string[] = [];
        page.on("request", (r) => requests.push(r.url()));
        await page.goto(pathToFileURL(join(dir, "report.html")).href, { waitUntil: "load" });
        expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
        // 9 charts, and a recovery view for each of the 3 injected attacks
        expect(await page.locator("figure.chart svg").count()).toBe(9 + 3);
        const verdict = page.locator(".verdict");
        await expect(verdict.textContent()).resolves.toBe("PASS");
        const box = await verdict.boundingBox();
        expect(box!.y).toBeLessThan(300); // above the fold
        // A string, so this Node-only package needs no DOM types.
        const widths = (await page.evaluate(
          "({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })"
        )) as { scroll: number; client: number };
        expect(widths.scroll).toBeLessThanOrEqual(widths.client);
        const chartBox = await page.locator("#chart-latency svg").boundingBox();
        expect(chartBox!.width).toBeGreaterThan(600);
        await expectAttackLabelsInsideAndApart(page);
        // FAULTLINE_SCREENSHOT=<file> keeps the screenshot, to look at.
        const shot = process.env["FAULTLINE_SCREENSHOT"] ?? join(dir, "report.png");
        await page.screenshot({ path: shot, fullPage: true });
        expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG");
      } finally {
        await browser.close();
      }
    }
  );

  it.skipIf(!existsSync(CHROMIUM))(
    "on a phone-wide screen: wide tables scroll in their box, the page does not; each contents link has its section",
    async () => {
      const dir = tempRunDir();
      writeMainRun(dir);
      await buildReport(dir);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      try {
        const context = await browser.newContext({ viewport: { width: 390, height: 800 }, offline: true });
        const page = await context.newPage();
        await page.goto(pathToFileURL(join(dir, "report.html")).href, { waitUntil: "load" });
        const widths = (await page.evaluate(
          "({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, " +
            "boxes: [...document.querySelectorAll('.scroll')].filter((b) => b.scrollWidth > b.clientWidth).length })"
        )) as { scroll: number; client: number; boxes: number };
        expect(widths.scroll).toBeLessThanOrEqual(widths.client);
        expect(widths.boxes).toBeGreaterThan(0); // the summary table is wider than a phone, and scrolls in its box
        const targets = await page
          .locator("nav.toc a")
          .evaluateAll((as) => as.map((a) => a.getAttribute("href")!.slice(1)));
        expect(targets.length).toBeGreaterThanOrEqual(8);
        for (const id of targets) expect(await page.locator(`[id="${id}"]`).count(), id).toBe(1);
      } finally {
        await browser.close();
      }
    }
  );

  it.skipIf(!existsSync(CHROMIUM))(
    "draws attack labels above the plot, inside the chart at its right edge and apart when attacks follow each other",
    async () => {
      const strategies = ["none", "active-passive"];
      const points = strategies.flatMap((strategy) =>
        Array.from({ length: 61 }, (_, t) => ({ strategy, t, series: "primary", value: 100 + (t % 7) }))
      );
      const attacks = assignSlots(
        strategies.flatMap((strategy) => [
          { strategy, start: 8, end: 10, label: "attack-0: latency primary" },
          { strategy, start: 10, end: 22, label: "attack-1: disable primary" },
          { strategy, start: 12, end: 14, label: "attack-2: rate-limit backup" },
          { strategy, start: 55, end: 60, label: "stream-cut: stream-cut primary" },
        ])
      );
      const svg = await specToSvg(
        timeSeriesSpec({
          title: "labels",
          yTitle: "req/s",
          points,
          attacks,
          colour: { domain: ["primary"], range: ["#0072B2"] },
          strategies,
          mark: "area",
        })
      );
      const dir = tempRunDir();
      writeFileSync(join(dir, "chart.html"), `<!doctype html><body style="margin:0">${svg}</body>`);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      try {
        const page = await (
          await browser.newContext({ viewport: { width: 1400, height: 900 }, offline: true })
        ).newPage();
        await page.goto(pathToFileURL(join(dir, "chart.html")).href, { waitUntil: "load" });
        await expectAttackLabelsInsideAndApart(page);
        if (process.env["FAULTLINE_SCREENSHOT"])
          await page.screenshot({ path: process.env["FAULTLINE_SCREENSHOT"].replace(/\.png$/, "-labels.png") });
      } finally {
        await browser.close();
      }
    }
  );
});
