import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Scorecard } from "../case-result.js";
import { scorecardHtml } from "./html.js";
import { scorecardJunit } from "./junit.js";

/** The scorecard as scorecard.json (two-space JSON, trailing newline). */
export function scorecardJson(s: Scorecard): string {
  return JSON.stringify(s, null, 2) + "\n";
}

/** Writes scorecard.json, junit.xml and report.html into the conformance run folder. */
export function writeScorecard(s: Scorecard): void {
  writeFileSync(join(s.dir, "scorecard.json"), scorecardJson(s));
  writeFileSync(join(s.dir, "junit.xml"), scorecardJunit(s));
  writeFileSync(join(s.dir, "report.html"), scorecardHtml(s));
}
