import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Gives the whole test run one temporary folder and removes it at the end. Tests make their folders with
 * `mkdtempSync(join(tmpdir(), ...))` (run folders with events.db and reports, installed tarballs, fuzzed scenarios);
 * /tmp held 437 MB of them after three full passes over the tests. TMPDIR is set before vitest forks its workers,
 * so every test file, and every CLI and node process a test starts, makes its folders in here.
 */
export default function setup(): () => void {
  const previous = process.env["TMPDIR"];
  const dir = mkdtempSync(join(tmpdir(), "faultline-tests-"));
  process.env["TMPDIR"] = dir;
  return () => {
    if (previous === undefined) delete process.env["TMPDIR"];
    else process.env["TMPDIR"] = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
