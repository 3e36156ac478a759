import type { ConformanceCase } from "../case.js";
import { BEFORE_ANSWER_CASES } from "./before-answer.js";
import { FLEET_CASES } from "./fleet.js";
import { MUST_NOT_RETRY_CASES } from "./must-not-retry.js";
import { RATE_LIMIT_CASES } from "./rate-limits.js";
import { STREAM_CASES } from "./stream-faults.js";

/** Every case, in scorecard order. Adding a case is one entry in its group's file. */
export const CATALOGUE: readonly ConformanceCase[] = Object.freeze([
  ...RATE_LIMIT_CASES,
  ...BEFORE_ANSWER_CASES,
  ...STREAM_CASES,
  ...MUST_NOT_RETRY_CASES,
  ...FLEET_CASES,
]);
