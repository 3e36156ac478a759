/**
 * The verdicts a case can get, best first, each with what it means (the
 * scorecard's legend, the JUnit mapping and docs/conformance.md read this table).
 */
export const VERDICTS = Object.freeze({
  pass: "the property held",
  partial: "every answer the caller got was right, but the system did not behave as the property asks",
  safe: "it failed cleanly: requests got errors the caller could see, and no wrong answer reached the caller",
  fail:
    "a wrong or truncated answer reached the caller as a success, a request hung past its deadline, " +
    "or a non-retryable error was retried",
  "not-run":
    "not measured: its fault could not be injected on time (a busy machine; rerun with a lower --concurrency on a " +
    "quieter machine), or the run was interrupted",
} as const);

/** One of VERDICTS. */
export type Verdict = keyof typeof VERDICTS;

/** Verdicts in order, best first. */
export const VERDICT_ORDER: readonly Verdict[] = Object.freeze(Object.keys(VERDICTS) as Verdict[]);
