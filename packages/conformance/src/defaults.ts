/** Defaults of the conformance suite, in one place. */
export const CONFORMANCE_DEFAULTS = Object.freeze({
  /**
   * Cases played at once. Each starts two node processes (and a gateway for a
   * command system); four at once kept the whole catalogue under two minutes
   * on a 2-core machine without the cases slowing each other's timing.
   */
  concurrency: 4,
  /**
   * A fault active for less than this share of its planned window leaves the
   * case unmeasured (faults are reverted at their planned end, so a late one is
   * short): the case is played again alone, and reported not-run if it is short
   * again. Worker-thread start-up on a saturated 2-core machine (load average
   * 16-23) put faults 0.3-4 s late.
   */
  minFaultShare: 0.5,
  /** Folder that holds conformance run folders (one case per sub-folder, each with its events.db). */
  resultsDir: "results",
  /** The nodes every case starts: endpoint 0 and endpoint 1 of the system under test. */
  nodes: Object.freeze({
    // Tokens paced 5 ms apart with a 10 ms first token, so a stream fault lands mid-answer
    // and a resumed answer is visible, while a 16-token answer still takes under 0.1 s.
    // supportsPrefill is true because the simulator does continue a trailing assistant message:
    // a stack told so (faultline's client reads it from the scenario) may resume a cut stream.
    primary: Object.freeze({
      profile: "zero",
      supportsPrefill: true,
      overrides: Object.freeze({ ttftMs: 10, itlMs: 5 }),
    }),
    backup: Object.freeze({
      profile: "zero",
      supportsPrefill: true,
      overrides: Object.freeze({ ttftMs: 10, itlMs: 5 }),
    }),
  }),
  /**
   * The load of a case unless it says otherwise: 20 requests a second, small
   * answers, and a 6 s caller deadline. 6 s is above faultline's 2 s
   * first-byte and stall timeouts (so a system with sane timeouts answers in
   * time) and far below the 30-600 s many stacks wait, which is what the
   * silence cases catch.
   */
  load: Object.freeze({
    rate: 20,
    arrival: "uniform" as const,
    stream: 0,
    promptTokens: 16,
    maxTokens: 16,
    timeout: 6000,
  }),
});
