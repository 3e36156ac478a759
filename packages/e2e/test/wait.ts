import { existsSync } from "node:fs";
import Database from "better-sqlite3";

/** Polls `check` every 50 ms until it returns a value or the deadline passes. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false,
  timeoutMs = 20_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads one value from a live events.db, or undefined while it is not there yet. */
export function peek<T>(dbPath: string, sql: string): T | undefined {
  if (!existsSync(dbPath)) return undefined;
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).get() as T | undefined;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
