/**
 * Every bound a scenario must stay within, in one frozen object beside
 * SCENARIO_DEFAULTS. Each is checked before the work it bounds is done
 * (issue 24: `times: 100000000` and a ten-year `every: 1s` built their
 * timelines first and ran out of memory after a minute). docs/LIMITS.md
 * lists them, and limits-docs.test.ts keeps the two in step.
 */
export const SCENARIO_LIMITS = Object.freeze({
  /**
   * Bytes of a scenario file, checked before it is parsed. The shipped
   * scenarios are 1-2 KB; a 50 MB file of attacks ran `validate` out of memory,
   * and parsing costs up to ~1.3 KB of memory per byte of tiny YAML nodes
   * (`[]`, `[[1]]`): 512 KiB of them took 1.9-2.4 s and 340-515 MB.
   */
  fileBytes: 256 * 1024,
  /**
   * Nodes a YAML alias may expand to, counted by the YAML parser (its own
   * default). A "billion laughs" document is refused at its first alias.
   */
  yamlAliasCount: 100,
  /** Levels of `[ ]` and `{ }` nested in a YAML file, checked before it is parsed (the parser recurses per level). */
  yamlFlowDepth: 64,
  /**
   * YAML anchors (`&a`) and aliases (`*a`) in a file, counted before it is parsed: the parser walks the document for
   * each.
   */
  yamlAnchors: 1_000,
  /** Problems `validate` prints for one file; the rest are counted in one closing line. */
  problemsShown: 100,
  /**
   * The longest `for:` of a stop condition, written (before --time-scale). The runner keeps this much of live
   * outcomes and latencies in one-second buckets (OutcomeWindow, LatencyWindow); a longer window was cut to it
   * without a word.
   */
  stopWindowMs: 10_000,
  /**
   * Items written in `attacks:`, groups' children included, checked before the items are (5,000 short items fill the
   * file bound).
   */
  attackItems: 5_000,
  /**
   * Attacks in the planned timeline after every expansion (repeats, groups,
   * ramp steps, one per target node). Each is a row in events.db and a timer
   * in the attack worker; 50,000 is an attack every 1.7 s for a whole day.
   */
  attacks: 50_000,
  /** Levels of `attacks:`, nested groups counted (1 is a flat list); the planner recurses once per level. */
  groupDepth: 16,
  /**
   * Attacks waiting on one another through `after:` (and groups), one planner call deeper each; a 3,800 chain
   * overflowed the stack.
   */
  afterChain: 256,
  /** Attacks one monkey block may draw. */
  monkeyDraws: 10_000,
  /** Entries in a monkey block's `faults:`; each one is checked against its fault's schema. */
  monkeyFaults: 100,
  /** Declared nodes: each simulated one is a process of its own. */
  nodes: 100,
  /**
   * Entries in `systems` (or `strategies`), `client.order` and `stop` (each needs a handful; 30,000 bad strategies took
   * 2.5 s to list).
   */
  listItems: 100,
  /** Entries in `load.classes`. */
  requestClasses: 100,
  /**
   * Requests per second one runner may be asked for (`load.rate`, and both
   * ends of a ramp). The measured ceiling is 8,000 req/s (docs/BENCHMARKS.md);
   * the capacity benchmark steps to 10,000 to find it, so the bound leaves room
   * for that and refuses only what no runner can send.
   */
  ratePerSecond: 20_000,
  /**
   * Tokens in `promptTokens` and `maxTokens`. The runner builds each prompt
   * as text, so `promptTokens: 1000000000` asked it for a string of
   * gigabytes. A million tokens is about the longest context offered (an
   * external node may have one; the profiles stop at 131,072): a 6 MB prompt.
   */
  tokens: 1_048_576,
  /**
   * Length of a run, and of `load.timeout`. Node timers hold at most 2^31-1 ms
   * (24.8 days): a later time fires at once with a TimeoutOverflowWarning,
   * which made a `600h` attack fire early and then spin a core.
   */
  runMs: 24 * 24 * 3_600_000,
});
