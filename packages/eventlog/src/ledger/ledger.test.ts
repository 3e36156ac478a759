import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { RoutingDecision } from "@faultline/contracts";
import { LedgerFile } from "./ledger-file.js";
import { openLedger, verifyLedger, ledgerJsonLines } from "./read-ledger.js";
import { linkHash } from "./chain.js";
import { EventLog } from "../event-log.js";

const decision = (i: number): RoutingDecision => ({
  requestId: `req-${i}`,
  attempt: 1 + (i % 2),
  tMs: 10 * i,
  residency: i % 3 === 0 ? "eu" : null,
  minTier: null,
  candidates: ["eu-primary", "us-backup"],
  filters: [{ filter: "residency", removed: i % 3 === 0 ? ["us-backup"] : [] }],
  chosen: "eu-primary",
  reason: "first eligible endpoint in the strategy's order",
  retryAfterMs: i % 4 === 0 ? { "us-backup": 250 } : {},
});

/** A gateway-style ledger file of `n` records, written and closed. */
function ledgerFile(n: number): string {
  const path = join(mkdtempSync(join(tmpdir(), "fl-ledger-")), "ledger.db");
  const file = new LedgerFile(path);
  for (let i = 1; i <= n; i++) file.append(decision(i));
  file.close();
  return path;
}

/** Runs `sql` on a ledger file, then verifies it. */
function tamper(path: string, sql: string) {
  const db = new Database(path);
  db.exec(sql);
  db.close();
  const ro = openLedger(path);
  try {
    return verifyLedger(ro);
  } finally {
    ro.close();
  }
}

describe("the routing ledger", () => {
  it("chains every record to the one before it with SHA-256 over the previous hash and the canonical JSON", () => {
    const path = ledgerFile(20);
    const db = openLedger(path);
    expect(verifyLedger(db)).toEqual({ records: 20, ok: true });
    const rows = db.prepare("SELECT record, prev_hash, hash FROM ledger ORDER BY seq").all() as Array<{
      record: string;
      prev_hash: string;
      hash: string;
    }>;
    expect(rows[0]!.prev_hash).toBe("0".repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(rows[3]!.hash).toBe(linkHash(rows[3]!.prev_hash, rows[3]!.record));
    // Canonical JSON: keys sorted, no spaces.
    expect(rows[0]!.record.startsWith('{"attempt":2,"candidates":["eu-primary","us-backup"],"chosen":')).toBe(true);
    const lines = [...ledgerJsonLines(db)].map((l) => JSON.parse(l) as { hash: string; record: { seq: number } });
    expect(lines.map((l) => l.record.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    db.close();
  });

  it("continues the chain of a file that already holds one", () => {
    const path = ledgerFile(3);
    const file = new LedgerFile(path);
    file.append(decision(4));
    file.close();
    const db = openLedger(path);
    expect(verifyLedger(db)).toEqual({ records: 4, ok: true });
    db.close();
  });

  it("stops at a failed write, saying so once, and keeps taking records without throwing", () => {
    const path = join(mkdtempSync(join(tmpdir(), "fl-ledger-")), "ledger.db");
    const failures: Error[] = [];
    const file = new LedgerFile(path, (err) => failures.push(err));
    file.append(decision(1));
    file.flush();
    new Database(path).exec("DROP TABLE ledger"); // the write after this one fails
    file.append(decision(2));
    expect(() => file.flush()).not.toThrow();
    file.append(decision(3));
    file.close();
    expect(failures).toHaveLength(1);
    expect([file.written, file.dropped]).toEqual([1, 2]);
  });

  it("names the first bad record of an edited, removed, reordered or cut-off chain", () => {
    expect(
      tamper(ledgerFile(10), "UPDATE ledger SET record = replace(record, 'req-6', 'req-9') WHERE seq = 6")
    ).toMatchObject({ ok: false, firstBad: { seq: 6, problem: expect.stringContaining("edited") } });
    expect(tamper(ledgerFile(10), "UPDATE ledger SET request_id = 'someone-else' WHERE seq = 4")).toMatchObject({
      ok: false,
      firstBad: { seq: 4, problem: expect.stringContaining("columns differ") },
    });
    expect(tamper(ledgerFile(10), "DELETE FROM ledger WHERE seq = 5")).toMatchObject({
      ok: false,
      firstBad: { seq: 6, problem: expect.stringContaining("removed") },
    });
    // Swap the content of records 3 and 4, keeping their places.
    expect(
      tamper(
        ledgerFile(10),
        `UPDATE ledger SET seq = -3 WHERE seq = 3; UPDATE ledger SET seq = 3 WHERE seq = 4;
         UPDATE ledger SET seq = 4 WHERE seq = -3;`
      )
    ).toMatchObject({ ok: false, firstBad: { seq: 3 } });
    expect(tamper(ledgerFile(10), "DELETE FROM ledger WHERE seq >= 9")).toMatchObject({
      ok: false,
      firstBad: { seq: 9, problem: expect.stringContaining("cut off") },
    });
  });

  it("is kept in events.db by the event log, sealed when a batch is committed", () => {
    const path = join(mkdtempSync(join(tmpdir(), "fl-ledger-")), "events.db");
    const log = new EventLog(path);
    const pass = log.beginPass("active-passive", 1000);
    for (let i = 1; i <= 5; i++) log.appendDecision(pass, decision(i));
    log.close(true);
    const db = openLedger(join(path, ".."));
    expect(verifyLedger(db)).toEqual({ records: 5, ok: true });
    expect(db.prepare("SELECT DISTINCT pass_id AS p FROM ledger").all()).toEqual([{ p: pass }]);
    db.close();
  });

  it("refuses what is not a ledger with FAULTLINE_LEDGER_UNREADABLE, saying what it is", () => {
    const dir = mkdtempSync(join(tmpdir(), "fl-ledger-"));
    writeFileSync(join(dir, "notes.txt"), "not a database at all, just some text that is long enough");
    const empty = join(dir, "empty.db");
    new Database(empty).exec("CREATE TABLE t (x)");
    for (const [path, says] of [
      [join(dir, "missing.db"), "no such file"],
      [join(dir, "notes.txt"), "is not a SQLite file"],
      [empty, "holds no routing ledger"],
      [dir, "holds no events.db"],
    ] as const)
      expect(() => openLedger(path), path).toThrow(
        expect.objectContaining({ code: "FAULTLINE_LEDGER_UNREADABLE", message: expect.stringContaining(says) })
      );
  });
});

describe("docs/ledger.md", () => {
  it("lists every ledger filter, in the order they are applied", async () => {
    const { readFileSync } = await import("node:fs");
    const { LEDGER_FILTERS, codeWords, tableAfter } = await import("@faultline/contracts");
    const docs = readFileSync(new URL("../../../../docs/ledger.md", import.meta.url), "utf8");
    expect(tableAfter(docs, "## Filters").map((r) => codeWords(r[0]!)[0])).toEqual(Object.keys(LEDGER_FILTERS));
    for (const [filter, meaning] of Object.entries(LEDGER_FILTERS))
      expect(docs).toContain(`| \`${filter}\` | ${meaning} |`);
  });
});
