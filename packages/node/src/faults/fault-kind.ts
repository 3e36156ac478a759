import type { Random } from "@faultline/core";
import type { OpenAIErrorBody } from "@faultline/core";
import type { Persona } from "../personas/persona.js";

/** What a fault sees of one inference request, for matching and decisions. */
export interface RequestFacts {
  readonly model: string;
  readonly stream: boolean;
  /** The prompt's estimated tokens, for limits that charge tokens (absent when unknown). */
  readonly promptTokens?: number;
  /** max_tokens as asked (absent when not given). */
  readonly maxTokens?: number | undefined;
  /** The role of the last message (a trailing `assistant` message is a prefill to continue). */
  readonly lastRole?: string;
}

/**
 * A fault's verdict on an arriving request. `delay` adds time before the
 * first byte and lets later faults decide too; every other verdict ends the
 * decision.
 */
export type Admission =
  | { readonly type: "reset" }
  | { readonly type: "hang" }
  | { readonly type: "zombie" }
  | { readonly type: "delay"; readonly ms: number }
  | {
      readonly type: "respond";
      readonly status: number;
      readonly body: OpenAIErrorBody;
      readonly headers?: Readonly<Record<string, string>>;
      /** For a quota error: when the quota comes back, for personas whose provider says (Gemini, Azure). */
      readonly resetAfterMs?: number;
    };

/** How the token stream of one request is bent. Faults fill in the fields they own. */
export interface StreamShape {
  /** Destroy the socket after this many tokens, with no terminating chunk. */
  cutAfter?: number;
  /** Stop writing after this many tokens and leave the socket open. */
  stallAfter?: number;
  /** Write invalid JSON as the frame after this many tokens. */
  malformedAt?: number;
  /** Leave out `data: [DONE]`. */
  noDone?: boolean;
  /** Multiply inter-token latency. */
  itlFactor?: number;
  /** Pause before this token, sending a keep-alive every `pingEveryMs` meanwhile. */
  pauseAt?: number;
  pauseMs?: number;
  pingEveryMs?: number;
  /** After this many tokens, write `errorFrame` (the persona's mid-stream error event) and end the stream. */
  errorAt?: number;
  errorFrame?: string;
  /** The status the error event stands for (the attempt log's status). */
  errorStatus?: number;
}

/** The live effect of one applied fault. Every hook is optional. */
export interface FaultEffect {
  /** Decides on an arriving inference request (after match/probability). */
  admit?(req: RequestFacts): Admission | undefined;
  /** Bends the stream of an admitted request (after match/probability). */
  shape?(req: RequestFacts, shape: StreamShape): void;
  /** Overrides liveness (/health) while active. */
  readonly live?: boolean;
  /** Overrides readiness (/health/ready) while active. */
  readonly ready?: boolean;
  /** Undoes side effects when the fault is removed or expires. */
  revert?(): void;
}

/** What the hosting node (simulator or proxy) lets a fault touch. */
export interface FaultHost {
  /** Seeded random source of the node. */
  readonly rng: Random;
  /** Whose rate-limit rules the node follows. */
  readonly persona: Persona;
  /** Fails every in-flight request with this status and body. */
  failInFlight(status: number, body: OpenAIErrorBody): void;
  /** Shrinks (or grows) the simulated GPU; returns the undo. Absent in proxy mode. */
  setCapacity?(limits: { maxBatch?: number; kvTokens?: number }): () => void;
  /** Starts real CPU load; returns the stop. */
  startCpuLoad(threads: number, utilization: number): () => void;
  /** Ends the process the way a crashed container does. */
  crash(restartDelayMs: number): void;
}

/** One registered fault kind: a name, its own parameters, and how to apply it. */
export interface FaultKind<P = Record<string, unknown>> {
  /** Stable name used by the admin API and scenarios. */
  readonly kind: string;
  /** One-line description for docs and CLI help. */
  readonly description: string;
  /** JSON Schema of the kind's own params (additionalProperties: false). */
  readonly paramsSchema: Record<string, unknown>;
  /** True when the fault needs the simulated GPU and cannot run in proxy mode. */
  readonly needsGpu?: boolean;
  /** Lifetime when the spec gives no durationMs (e.g. engine-dead's restart delay). */
  defaultDurationMs?(params: P): number | undefined;
  /** Applies the fault and returns its live effect. */
  apply(params: P, host: FaultHost): FaultEffect;
}
