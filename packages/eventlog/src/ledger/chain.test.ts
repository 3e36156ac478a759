import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { LEDGER_FILTERS, type LedgerFilter, type RoutingDecision } from "@faultline/contracts";
import { canonicalRecord } from "./chain.js";

// The package is CommonJS (`module.exports = fn`) while its typings declare a default export: required, so both agree.
const canonicalize = createRequire(import.meta.url)("canonicalize") as (value: unknown) => string;

/** A varied decision from a seeded counter: names with quotes and non-ASCII, odd numbers, cooldowns out of order. */
function decision(i: number): RoutingDecision {
  const names = ["zeta", "alpha", 'q"uote', "émile", "b-2", "B_1"].slice(0, 2 + (i % 5));
  const filters = Object.keys(LEDGER_FILTERS) as LedgerFilter[];
  return {
    requestId: i % 7 === 0 ? null : `req-${i}\u2028`,
    attempt: 1 + (i % 4),
    tMs: i * 0.1 + 1e-7 * i,
    residency: i % 3 === 0 ? "eu" : null,
    minTier: i % 4 === 0 ? "full" : null,
    candidates: names,
    filters: filters.map((filter, k) => ({ filter, removed: names.filter((_, j) => (i + j + k) % 4 === 0) })),
    chosen: i % 5 === 0 ? null : names[i % names.length]!,
    reason: `reason ${i} \\ "quoted"`,
    retryAfterMs: Object.fromEntries(names.filter((_, j) => (i + j) % 2 === 0).map((n, j) => [n, 1000 - j * 37.5])),
  };
}

describe("canonicalRecord", () => {
  it("writes exactly what RFC 8785's reference implementation writes, for varied records", () => {
    for (let i = 0; i < 200; i++) {
      const d = decision(i);
      expect(canonicalRecord(i + 1, i % 2 ? null : 3, d)).toBe(
        canonicalize({ seq: i + 1, passId: i % 2 ? null : 3, ...d })
      );
    }
  });
});
