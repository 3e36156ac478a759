import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { EVENTS_DB_TABLES, type ColumnContract } from "@faultline/contracts";
import { describe, expect, it } from "vitest";
import { addMissingParts } from "./add-missing-parts.js";
import { EventLog } from "./event-log.js";

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
}

const columnsOf = (db: Database.Database, table: string) =>
  db.prepare('SELECT name, type, "notnull" FROM pragma_table_info(?)').all(table) as ColumnInfo[];

describe("the events.db schema comes from the contracts' table", () => {
  it("a new log has exactly the contracts' tables and columns, in order, with their types", () => {
    const path = join(mkdtempSync(join(tmpdir(), "fl-schema-")), "events.db");
    new EventLog(path).close(true);
    const db = new Database(path, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
      name: string;
    }>;
    expect(tables.map((t) => t.name)).toEqual(Object.keys(EVENTS_DB_TABLES).sort());
    for (const [table, spec] of Object.entries(EVENTS_DB_TABLES)) {
      const expected = Object.entries(spec.columns as Record<string, ColumnContract>).map(([name, c]) => ({
        name,
        type: c.type,
        // SQLite reports an INTEGER PRIMARY KEY (the rowid alias) as nullable.
        notnull: c.required ? 1 : 0,
      }));
      expect(columnsOf(db, table), table).toEqual(expected);
    }
    db.close();
  });

  it("an older file gets every column it lacks, empty, and keeps its rows", () => {
    const path = join(mkdtempSync(join(tmpdir(), "fl-schema-")), "events.db");
    const db = new Database(path);
    db.exec("CREATE TABLE requests (id INTEGER PRIMARY KEY, pass_id INTEGER NOT NULL, ok INTEGER NOT NULL)");
    db.prepare("INSERT INTO requests (pass_id, ok) VALUES (1, 1)").run();
    addMissingParts(db);
    expect(
      columnsOf(db, "requests")
        .map((c) => c.name)
        .sort()
    ).toEqual(Object.keys(EVENTS_DB_TABLES.requests.columns).sort());
    expect(db.prepare("SELECT ok, wasted_tokens, text_hash FROM requests").get()).toEqual({
      ok: 1,
      wasted_tokens: 0,
      text_hash: null,
    });
    db.close();
  });
});
