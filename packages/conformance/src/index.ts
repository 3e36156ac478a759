/** @faultline/conformance: a catalogue of short cases that grade any failover stack from events.db. */
export { CATALOGUE } from "./catalogue/index.js";
export { CASE_GROUPS } from "./case.js";
export type { ConformanceCase, CaseGroup, Graded } from "./case.js";
export type { CaseResult, Scorecard } from "./case-result.js";
export { VERDICTS, VERDICT_ORDER } from "./verdicts.js";
export type { Verdict } from "./verdicts.js";
export { CONFORMANCE_DEFAULTS } from "./defaults.js";
export { ConformanceErrorCodes } from "./errors.js";
export { resolveSystem } from "./system-under-test.js";
export type { SystemUnderTest, ExternalNode } from "./system-under-test.js";
export { runCatalogue } from "./run-catalogue.js";
export type { RunCatalogueOptions } from "./run-catalogue.js";
export { formatScorecard } from "./scorecard/terminal.js";
export { scorecardJunit } from "./scorecard/junit.js";
export { scorecardSection, scorecardHtml } from "./scorecard/html.js";
export { scorecardJson, writeScorecard } from "./scorecard/write-scorecard.js";
export type { CaseEvidence, RequestTrace, AttemptRow } from "./evidence/case-evidence.js";
export { readEvidence } from "./evidence/read-evidence.js";
