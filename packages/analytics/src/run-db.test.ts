import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EVENTS_DB_SCHEMA_VERSION, READABLE_EVENTS_DB_VERSIONS } from "@faultline/contracts";
import { EventLog } from "@faultline/eventlog";
import { describe, expect, it } from "vitest";
import { openRunDb } from "./run-db.js";

function runWithVersion(version: string | null): string {
  const path = join(mkdtempSync(join(tmpdir(), "fl-version-")), "events.db");
  const log = new EventLog(path);
  const pass = log.beginPass("active-passive", 1000);
  log.endPass(pass, 1000, "complete");
  if (version === null) log.db.prepare("DELETE FROM meta WHERE key = 'schema_version'").run();
  else log.setMeta("schema_version", version);
  log.close(true);
  return path;
}

describe("opening a run", () => {
  it("reads the schema version this build writes, and a file from before the version was recorded", () => {
    const run = openRunDb(runWithVersion(String(EVENTS_DB_SCHEMA_VERSION)));
    expect(run.meta["schema_version"]).toBe(String(EVENTS_DB_SCHEMA_VERSION));
    run.db.close();
    openRunDb(runWithVersion(null)).db.close();
  });

  it("refuses a schema version it cannot read, naming the version and the ones it reads", () => {
    const path = runWithVersion("99");
    expect(() => openRunDb(path)).toThrow(
      expect.objectContaining({
        code: "FAULTLINE_RUN_UNREADABLE",
        message: expect.stringContaining(
          "has events.db schema version 99, newer than this faultline reads " +
            `(it reads ${READABLE_EVENTS_DB_VERSIONS.join(", ")})`
        ),
      })
    );
  });
});
