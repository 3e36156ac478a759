import type { Clock } from "@faultline/core";
import { NodeErrorCodes, nodeError } from "./errors.js";
import type { NodeEvent } from "./sim-node.js";
import type { AttemptSink } from "./attempt-log.js";
import { PERSONAS, personaNames } from "./personas/registry.js";
import type { AccessLine } from "./http/access-log.js";

/** How to start one simulated node. */
export interface NodeOptions {
  /** Node name: appears in x-faultline-node, events and metrics. Letters, digits, . _ - */
  name: string;
  /** One of profileNames(). */
  profile: string;
  /** Profile field overrides (see profileOverrideKeys()). */
  overrides?: Record<string, number>;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Bind address; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** Admin bearer token; generated when absent. */
  adminToken?: string;
  /** Seed of every random choice (default 1). */
  seed?: number;
  /** Whose errors, headers and rate limits the node imitates: one of personaNames() (default "openai"). */
  persona?: string;
  /** Receives every NodeEvent. */
  onEvent?: (e: NodeEvent) => void;
  /** Receives the node-side attempt log in batches; the log is off when absent. */
  onAttempts?: AttemptSink;
  /**
   * The clock the GPU engine, fault TTLs and latency faults wait on: the system clock unless a test passes a
   * FakeClock.
   */
  clock?: Clock;
  /** Told of every chat request once its response closes (the CLI's access log); nothing is measured when absent. */
  onAccess?: (line: AccessLine) => void;
  /**
   * Adds prom-client's process metrics (process_*, nodejs_*) to /metrics. Entry points that own
   * their process turn it on (`faultline node`, a run's node child); off in a library, where many
   * nodes may share one process and each would start its own event-loop and GC monitors.
   */
  processMetrics?: boolean;
}

/** Defaults of NodeOptions, in one place. */
export const NODE_DEFAULTS = Object.freeze({
  port: 0,
  host: "127.0.0.1",
  seed: 1,
  // Conversations a node keeps warm: a 450k-token KV budget holds ~100 histories of 4k tokens, and vLLM's
  // prefix cache keeps blocks until they are needed, so a count bound of a few thousand is generous, not tight.
  sessionCache: Object.freeze({ maxSessions: 4096, ttlMs: 600_000 }),
});

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function fail(field: string, rule: string, got: unknown): never {
  throw nodeError(NodeErrorCodes.OPTIONS_INVALID, `${field}: must be ${rule}, got ${JSON.stringify(got)}`, field);
}

/** Checks the listening fields (and the persona) shared by nodes and proxies. */
export function checkListen(o: { port?: unknown; host?: unknown; adminToken?: unknown; persona?: unknown }): void {
  if (o.persona !== undefined && (typeof o.persona !== "string" || !PERSONAS.has(o.persona)))
    fail("persona", `one of ${personaNames().join(", ")}`, o.persona);
  if (o.port !== undefined && (typeof o.port !== "number" || !Number.isInteger(o.port) || o.port < 0 || o.port > 65535))
    fail("port", "an integer 0..65535", o.port);
  if (o.host !== undefined && (typeof o.host !== "string" || o.host === ""))
    fail("host", "a non-empty address such as 127.0.0.1", o.host);
  if (o.adminToken !== undefined && (typeof o.adminToken !== "string" || o.adminToken.length < 8))
    fail("adminToken", "a string of at least 8 characters", o.adminToken);
}

/** Validates NodeOptions once at the boundary, naming the bad field. */
export function checkNodeOptions(o: NodeOptions): void {
  if (typeof o !== "object" || o === null) fail("options", "an object", o);
  if (typeof o.name !== "string" || !NAME.test(o.name)) fail("name", "1-64 letters, digits, '.', '_' or '-'", o.name);
  if (typeof o.profile !== "string") fail("profile", "a profile name", o.profile);
  if (
    o.overrides !== undefined &&
    (typeof o.overrides !== "object" || o.overrides === null || Array.isArray(o.overrides))
  )
    fail("overrides", "an object of numbers", o.overrides);
  if (o.seed !== undefined && (typeof o.seed !== "number" || !Number.isInteger(o.seed)))
    fail("seed", "an integer", o.seed);
  checkListen(o);
}
