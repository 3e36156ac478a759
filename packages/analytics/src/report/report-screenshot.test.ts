import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { buildReport } from "../build-report.js";
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
        const shot = join(dir, "report.png");
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
});
