import { request } from "undici";
import { FaultlineError, sleep } from "@faultline/core";
import { RUNNER_DEFAULTS } from "./defaults.js";
import { RunnerErrorCodes } from "./errors.js";

/** What the runner reads from a node's GET /admin/state. */
export interface NodeState {
  ready: boolean;
  faults: Array<{ id: string; kind: string }>;
  running: number;
  waiting: number;
  process: { cpuUserUs: number; cpuSystemUs: number; rssBytes: number };
}

/** A small client of a node's admin API (the same API for simulated nodes and proxies). */
export class NodeAdmin {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    readonly name: string
  ) {}

  private async call(
    method: "GET" | "POST" | "DELETE",
    path: string,
    body?: unknown
  ): Promise<{ status: number; json: unknown }> {
    try {
      const res = await request(this.baseUrl + path, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        headersTimeout: RUNNER_DEFAULTS.adminTimeoutMs,
        bodyTimeout: RUNNER_DEFAULTS.adminTimeoutMs,
      });
      const text = await res.body.text();
      return { status: res.statusCode, json: text ? JSON.parse(text) : null };
    } catch (err) {
      throw new FaultlineError(
        RunnerErrorCodes.NODE_UNREACHABLE,
        `node "${this.name}" admin API at ${this.baseUrl} did not answer ${method} ${path}: ${(err as Error).message}`,
        { cause: err }
      );
    }
  }

  /** Clears every fault and counter (POST /admin/reset): shard 0 does it to shared nodes before each pass. */
  async reset(): Promise<void> {
    const { status } = await this.call("POST", "/admin/reset");
    if (status !== 200) throw new Error(`node "${this.name}" /admin/reset answered ${status}`);
  }

  /** Injects a fault; returns its id on the node. */
  async inject(kind: string, params: Record<string, unknown>, ttlMs: number | null): Promise<string> {
    const spec = { ...params, kind, ...(ttlMs === null ? {} : { durationMs: Math.round(ttlMs) }) };
    const { status, json } = await this.call("POST", "/admin/faults", spec);
    if (status >= 300) throw new Error(`node "${this.name}" refused fault ${kind} (${status}): ${errorMessage(json)}`);
    return String((json as { id: unknown }).id);
  }

  /** Removes a fault; a 404 means it already expired, which counts as reverted. */
  async revert(id: string): Promise<void> {
    const { status, json } = await this.call("DELETE", `/admin/faults/${encodeURIComponent(id)}`);
    if (status >= 300 && status !== 404)
      throw new Error(`node "${this.name}" refused to revert fault ${id} (${status}): ${errorMessage(json)}`);
  }

  /** Reads the node's state, retrying while it is unreachable (restarting) for up to `timeoutMs`. */
  async stateWhenUp(timeoutMs: number): Promise<NodeState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await this.state();
      } catch (err) {
        if (Date.now() >= deadline) throw err;
        await sleep(100);
      }
    }
  }

  /** Reads the node's live state. */
  async state(): Promise<NodeState> {
    const { status, json } = await this.call("GET", "/admin/state");
    if (status !== 200) throw new Error(`node "${this.name}" /admin/state answered ${status}`);
    return json as NodeState;
  }
}

function errorMessage(json: unknown): string {
  const e = (json as { error?: { message?: string } } | null)?.error;
  return e?.message ?? JSON.stringify(json);
}
