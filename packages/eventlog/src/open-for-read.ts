import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { INDEX_SQL } from "./schema.js";
import { isDiskError } from "./write-guard.js";
import { addMissingParts } from "./add-missing-parts.js";

/**
 * Opens an existing events.db for reading. It is opened read-write first so
 * the analytics indexes can be created. On a full or read-only disk that
 * fails (`report` once said "not a faultline event log (database or disk is
 * full)" of a sound file), so it is opened read-only, without them: the scans
 * are slower and the figures the same. `db.name` is the file actually read.
 */
export function openEventLogForRead(path: string): Database.Database {
  try {
    const db = new Database(path, { fileMustExist: true });
    try {
      addMissingParts(db);
      db.exec(INDEX_SQL);
      return db;
    } catch (err) {
      db.close();
      if (!isDiskError(err)) throw err;
    }
  } catch (err) {
    if (!isDiskError(err)) throw err;
  }
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    // The open is lazy: a WAL that cannot be read only shows on the first read.
    db.pragma("schema_version");
    return db;
  } catch (err) {
    if (!isDiskError(err) || !existsSync(`${path}-wal`)) throw err;
    return openCopy(path);
  }
}

/**
 * A run cut short leaves its rows in events.db-wal, and SQLite cannot read a
 * WAL without its -shm index, which it cannot create in a read-only folder
 * (immutable=1 would skip the WAL, and with it every row). So the pair is
 * copied to a temporary folder and read there; the copy goes when the
 * database is closed.
 */
function openCopy(path: string): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), "faultline-read-"));
  const copy = join(dir, "events.db");
  copyFileSync(path, copy);
  copyFileSync(`${path}-wal`, `${copy}-wal`);
  const db = new Database(copy, { fileMustExist: true });
  addMissingParts(db);
  db.exec(INDEX_SQL);
  const close = db.close.bind(db);
  db.close = () => {
    close();
    rmSync(dir, { recursive: true, force: true });
    return db;
  };
  return db;
}
