/** The CLI's exit statuses; README.md ("Exit statuses") lists them. */
export const EXIT_STATUS = Object.freeze({
  /** Every SLO of the gating strategy held. */
  OK: 0,
  /**
   * The run finished and an SLO was violated (or `compare` found a regression, or a required `conformance` case
   * failed).
   */
  SLO_VIOLATED: 1,
  /** Bad input: a scenario file, a flag, a config file. Nothing was run. */
  BAD_INPUT: 2,
  /**
   * The run could not be carried out: a node did not start, a port could not be bound, an attack could not be injected.
   */
  RUNTIME_FAILURE: 3,
  /** Interrupted with Ctrl-C; faults were reverted and the partial run was reported. */
  INTERRUPTED: 130,
  /** Stopped with SIGTERM (128 + 15, the usual status), after the same clean-up as Ctrl-C. */
  TERMINATED: 143,
});

/** The package whose `errors.ts` exports a code. */
export type ErrorOwner =
  "core" | "scenario" | "node" | "client" | "runner" | "eventlog" | "analytics" | "fleet" | "conformance" | "cli";

/** One error code: who throws it, the exit status the CLI gives it, and what it means. */
export interface ErrorCodeContract {
  readonly owner: ErrorOwner;
  /** BAD_INPUT when the input was wrong, RUNTIME_FAILURE when the environment failed. */
  readonly exit: typeof EXIT_STATUS.BAD_INPUT | typeof EXIT_STATUS.RUNTIME_FAILURE;
  /** One line for README.md's error-code table. */
  readonly meaning: string;
}

const input = EXIT_STATUS.BAD_INPUT;
const runtime = EXIT_STATUS.RUNTIME_FAILURE;

/**
 * Every FAULTLINE_* error code, in one table (fastify's FST_ERR_* table is the
 * model). Each package's errors.ts names its own codes from this table, the CLI
 * reads the exit status here, and README.md lists every row (docs-sync test).
 */
export const ERROR_CODES = Object.freeze({
  FAULTLINE_DURATION_INVALID: {
    owner: "core",
    exit: input,
    meaning: "a duration string could not be parsed (use 8s, 250ms, 1m)",
  },
  FAULTLINE_RATE_INVALID: {
    owner: "core",
    exit: input,
    meaning: "a rate string could not be parsed (use 100/s, 600/m)",
  },
  FAULTLINE_THRESHOLD_INVALID: {
    owner: "core",
    exit: input,
    meaning: 'a threshold could not be parsed (use ">= 99.9%", "<= 1500ms")',
  },
  FAULTLINE_SCENARIO_INVALID: {
    owner: "scenario",
    exit: input,
    meaning: "the scenario file has problems; each line names the file, line, field and fix",
  },
  FAULTLINE_SCENARIO_NOT_FOUND: { owner: "scenario", exit: input, meaning: "the scenario file does not exist" },
  FAULTLINE_SCENARIO_UNREADABLE: {
    owner: "scenario",
    exit: input,
    meaning: "the scenario file could not be read or imported",
  },
  FAULTLINE_SCENARIO_OPTION_INVALID: {
    owner: "scenario",
    exit: input,
    meaning: "a loader option (`timeScale`, `seed`) is out of range",
  },
  FAULTLINE_NODE_OPTIONS_INVALID: { owner: "node", exit: input, meaning: "a node option is invalid" },
  FAULTLINE_NODE_PROFILE_UNKNOWN: { owner: "node", exit: input, meaning: "the node profile is not a known profile" },
  FAULTLINE_NODE_FAULT_INVALID: { owner: "node", exit: input, meaning: "an admin fault body is invalid" },
  FAULTLINE_NODE_LISTEN_FAILED: { owner: "node", exit: runtime, meaning: "a node could not bind its port" },
  FAULTLINE_NODE_TOO_MANY_FAULTS: {
    owner: "node",
    exit: runtime,
    meaning: "an admin fault was refused (409): the node already holds its maximum of active faults",
  },
  FAULTLINE_NODE_UPSTREAM_INVALID: {
    owner: "node",
    exit: input,
    meaning: "the proxy's upstream is not an http(s) URL",
  },
  FAULTLINE_CLIENT_CONFIG_INVALID: {
    owner: "client",
    exit: input,
    meaning: "the client config (strategy, endpoints, options) is invalid",
  },
  FAULTLINE_CLIENT_STRATEGY_UNKNOWN: { owner: "client", exit: input, meaning: "the strategy is not a known preset" },
  FAULTLINE_CLIENT_GATEWAY_CONFIG_UNREADABLE: {
    owner: "client",
    exit: input,
    meaning: "the gateway config file could not be read or parsed",
  },
  FAULTLINE_CLIENT_CONVERSATION_STORE_UNUSABLE: {
    owner: "client",
    exit: input,
    meaning: "the conversation store file (conversationStore, --conversations) cannot be opened as a SQLite store",
  },
  FAULTLINE_NODE_START_FAILED: {
    owner: "runner",
    exit: runtime,
    meaning: "a node process did not start or report ready",
  },
  FAULTLINE_NODE_UNREACHABLE: { owner: "runner", exit: runtime, meaning: "a node's admin API could not be reached" },
  FAULTLINE_RESULTS_UNWRITABLE: {
    owner: "runner",
    exit: runtime,
    meaning: "the results directory could not be created",
  },
  FAULTLINE_SYSTEM_START_FAILED: {
    owner: "runner",
    exit: runtime,
    meaning: "a system under test's command could not be started, or exited before it was ready",
  },
  FAULTLINE_SYSTEM_NOT_READY: {
    owner: "runner",
    exit: runtime,
    meaning: "a started system's ready URL did not answer below 500 in time",
  },
  FAULTLINE_SYSTEM_DIED: { owner: "runner", exit: runtime, meaning: "a started system exited during its pass" },
  FAULTLINE_SHARD_INVALID: {
    owner: "runner",
    exit: input,
    meaning: "`--shard` or `--start-at` is malformed, out of range or in the past, or a node is not shared (no url)",
  },
  FAULTLINE_MERGE_CONFLICT: {
    owner: "runner",
    exit: input,
    meaning:
      "the runs given to `merge` are not one run's shards: other scenario, seed or count, a shard missing or twice",
  },
  FAULTLINE_RUN_NOT_FOUND: {
    owner: "analytics",
    exit: input,
    meaning: "the run directory or its `events.db` does not exist",
  },
  FAULTLINE_RUN_UNREADABLE: {
    owner: "analytics",
    exit: input,
    meaning: "`events.db` is not a faultline event log, or its schema version is one this build cannot read",
  },
  FAULTLINE_RUN_EMPTY: { owner: "analytics", exit: input, meaning: "the run holds no pass" },
  FAULTLINE_REPORT_UNWRITABLE: {
    owner: "analytics",
    exit: runtime,
    meaning: "the report files could not be written (the figures were printed); free space or pass `--out <dir>`",
  },
  FAULTLINE_LOG_WRITE_FAILED: {
    owner: "eventlog",
    exit: runtime,
    meaning:
      "a write to `events.db` failed mid-run (disk full, read-only, I/O error); the run was " +
      "stopped and what was written stays readable",
  },
  FAULTLINE_LEDGER_UNREADABLE: {
    owner: "eventlog",
    exit: input,
    meaning: "`audit` was given no routing ledger: no such file, not SQLite, or no `ledger` table in it",
  },
  FAULTLINE_COMPARE_INVALID: {
    owner: "analytics",
    exit: input,
    meaning:
      "`compare` got no run, an unknown threshold name, or a threshold that is not in the SLO syntax " +
      "or the figure's unit",
  },
  FAULTLINE_CHART_FAILED: { owner: "analytics", exit: runtime, meaning: "a chart could not be rendered" },
  FAULTLINE_FLEET_INVALID: {
    owner: "fleet",
    exit: input,
    meaning:
      "a fleet file field or `fleet` flag is invalid (distribution parameter, correlation matrix, β, chain entry); " +
      "each line names the field",
  },
  FAULTLINE_FLEET_UNREADABLE: { owner: "fleet", exit: input, meaning: "the fleet file does not exist or is not YAML" },
  FAULTLINE_FLEET_CALIBRATION_MISSING: {
    owner: "fleet",
    exit: input,
    meaning: "the `--calibrate` run lacks figures the failover layer needs; the message names the missing ones",
  },
  FAULTLINE_STATUSPAGE_INVALID: {
    owner: "fleet",
    exit: input,
    meaning: "a Statuspage incident history is malformed; the message names the first bad entry",
  },
  FAULTLINE_CONFORMANCE_SYSTEM_INVALID: {
    owner: "conformance",
    exit: input,
    meaning:
      "`conformance --system` is not a strategy, a system file or an http(s) URL, " +
      "or a URL system lacks its two `--node`s",
  },
  FAULTLINE_CONFORMANCE_CASE_INVALID: {
    owner: "conformance",
    exit: input,
    meaning: "`--cases` or `--required` names an unknown case, or requires one that needs a persona",
  },
  FAULTLINE_CLI_USAGE: { owner: "cli", exit: input, meaning: "a flag or argument is missing or malformed" },
} as const satisfies Record<`FAULTLINE_${string}`, ErrorCodeContract>);

/** One of faultline's error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The exit status of a faultline error code; a FAULTLINE_* code missing from the table counts as bad input, as it
 * always has.
 */
export function exitStatusOfCode(code: string): number {
  return (ERROR_CODES as Record<string, ErrorCodeContract>)[code]?.exit ?? EXIT_STATUS.BAD_INPUT;
}

/** The codes one package throws. */
export function errorCodesOf(owner: ErrorOwner): ErrorCode[] {
  return (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => ERROR_CODES[c].owner === owner);
}
