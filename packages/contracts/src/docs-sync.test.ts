import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFINITIONS } from "./definitions.js";
import { EVENTS_DB_META_KEYS, EVENTS_DB_TABLES, type ColumnContract } from "./events-db.js";
import { ERROR_CODES, EXIT_STATUS } from "./error-codes.js";
import { FAILURE_CLASSES } from "./failure-classes.js";
import { SUMMARY_FIGURES, checkFigures, type SummaryFigure } from "./figures.js";
import { codeWords, tableAfter } from "./markdown.js";
import { ROUTING_EVENT_KINDS } from "./routing-events.js";
import { STRATEGY_NAMES } from "./strategies.js";

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
const readme = read("README.md");
const analytics = read("docs/analytics.md");
const client = read("docs/client.md");
const scenarios = read("docs/scenarios.md");

/** The row a summary figure has in docs/analytics.md, "Summary figures". */
function figureRow(key: string, f: SummaryFigure): string[] {
  const yes = (b: boolean | undefined) => (b ? "yes" : "–");
  return [
    `\`${key}\``,
    `\`${f.defines}\``,
    f.unit,
    f.better,
    f.overRepeats,
    yes(f.compare),
    f.check?.slo ? `\`${f.check.key}\`` : "–",
    f.check?.steadyState ? `\`${f.check.key}\`` : "–",
    f.check?.stop ? `\`${f.check.key}\`` : "–",
  ];
}

// Each test compares a whole docs table with the table here, so a row missing on either side
// fails it: the docs cannot drift from the code, nor list a word the code no longer has.
describe("the docs agree with @faultline/contracts", () => {
  it("README.md lists every exit status", () => {
    expect(tableAfter(readme, "Exit statuses, the same for every command:").map((r) => Number(r[0]))).toEqual(
      Object.values(EXIT_STATUS)
    );
  });

  it("README.md lists every error code with its exit status and meaning", () => {
    expect(tableAfter(readme, "### Error codes")).toEqual(
      Object.entries(ERROR_CODES).map(([code, c]) => [`\`${code}\``, String(c.exit), c.meaning])
    );
  });

  it("docs/analytics.md gives every definition word for word, under its name", () => {
    expect(tableAfter(analytics, "## Every figure and its definition")).toEqual(
      Object.entries(DEFINITIONS).map(([k, d]) => [d.name, `\`${k}\``, d.text])
    );
  });

  it("docs/analytics.md lists every summary figure with its unit, direction, aggregation and checks", () => {
    expect(tableAfter(analytics, "### Summary figures")).toEqual(
      Object.entries(SUMMARY_FIGURES).map(([k, f]) => figureRow(k, f))
    );
  });

  it("docs/client.md lists every strategy, failure class and routing-event kind", () => {
    expect(tableAfter(client, "## Strategies").map((r) => codeWords(r[0]!)[0])).toEqual([...STRATEGY_NAMES]);
    const classes = new Set(tableAfter(client, "## Failure classes").flatMap((r) => codeWords(r[1]!)));
    expect([...classes].sort()).toEqual(Object.keys(FAILURE_CLASSES).sort());
    expect(tableAfter(client, "## Events").flatMap((r) => codeWords(r[0]!))).toEqual(Object.keys(ROUTING_EVENT_KINDS));
  });

  it("README.md's events.db section names every failure class and routing-event kind", () => {
    const classes = /`error_class` is one of ([^.]+)\./s.exec(readme)?.[1] ?? "";
    expect(codeWords(classes).sort()).toEqual(Object.keys(FAILURE_CLASSES).sort());
    const routing =
      tableAfter(readme, "## The event log: `events.db`").find((r) => r[0] === "`routing_events`")?.[2] ?? "";
    expect(codeWords(/`kind` \(([^)]+)\)/.exec(routing)?.[1] ?? "")).toEqual(Object.keys(ROUTING_EVENT_KINDS));
  });

  it("docs/scenarios.md names the slo keys and the ones steadyState leaves out", () => {
    const text = /`slo` keys: ([^;]+);[^`]*`steadyState` takes the same keys but ([^:]+):/s.exec(scenarios);
    expect(codeWords(text?.[1] ?? "")).toEqual([...checkFigures("slo").keys()]);
    const steady = new Set(checkFigures("steadyState").keys());
    expect(codeWords(text?.[2] ?? "")).toEqual([...checkFigures("slo").keys()].filter((k) => !steady.has(k)));
  });
});

describe("the events.db schema agrees with its docs", () => {
  const type = (c: ColumnContract) =>
    `${c.type}${c.required ? " NOT NULL" : ""}${c.default !== undefined ? ` DEFAULT ${c.default}` : ""}`;

  it("docs/analytics.md lists every table and column with its type and meaning", () => {
    expect(tableAfter(analytics, "## The events.db schema")).toEqual(
      Object.entries(EVENTS_DB_TABLES).flatMap(([t, spec]) =>
        Object.entries(spec.columns as Record<string, ColumnContract>).map(([c, col]) => [
          `\`${t}\``,
          `\`${c}\``,
          type(col),
          col.meaning,
        ])
      )
    );
  });

  it("docs/analytics.md lists every meta key", () => {
    expect(tableAfter(analytics, "### events.db meta keys")).toEqual(
      Object.entries(EVENTS_DB_META_KEYS).map(([k, v]) => [`\`${k}\``, v])
    );
  });

  it("README.md's events.db table has every table, and each row names every column (and meta key)", () => {
    const rows = tableAfter(readme, "## The event log: `events.db`");
    expect(rows.map((r) => codeWords(r[0]!)[0]).sort()).toEqual(Object.keys(EVENTS_DB_TABLES).sort());
    for (const [t, spec] of Object.entries(EVENTS_DB_TABLES)) {
      const named = new Set(codeWords(rows.find((r) => r[0] === `\`${t}\``)![2]!));
      const expected = [...Object.keys(spec.columns), ...(t === "meta" ? Object.keys(EVENTS_DB_META_KEYS) : [])];
      expect(
        expected.filter((c) => !named.has(c)),
        `README.md's ${t} row`
      ).toEqual([]);
    }
  });
});
