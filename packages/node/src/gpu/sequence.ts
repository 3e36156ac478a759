import type { OpenAIErrorBody, Timer } from "@faultline/core";

/** Receives what the engine produces for one sequence. */
export interface TokenSink {
  /** Token number `index` (0-based) was generated. Return false to stop generating (client gone, stream cut). */
  onToken(index: number): boolean;
  /** The sequence finished; `reason` is the OpenAI finish_reason. */
  onFinish(reason: "stop" | "length"): void;
  /** The engine failed the sequence (engine death, OOM). */
  onFail(status: number, body: OpenAIErrorBody): void;
}

/** One request's life inside the simulated GPU. */
export interface Sequence {
  readonly promptTokens: number;
  /** Prompt tokens not served from the prefix cache; they cost prefill time. */
  readonly uncachedTokens: number;
  readonly maxTokens: number;
  /** finish_reason when maxTokens is reached: "length" when the client capped it, else "stop" (a simulated EOS). */
  readonly finishReason: "stop" | "length";
  /** Multiplies inter-token latency (slow-tokens fault). */
  readonly itlFactor: number;
  readonly sink: TokenSink;
  /** Tokens generated so far (kept across preemption: vLLM recomputes them on resume). */
  generated: number;
  /** True once the sequence has left the engine (finished, failed, aborted). */
  done: boolean;
  /** Pending timer of the next step, when any. */
  timer: Timer | undefined;
  /** Engine clock time the sequence was submitted, first scheduled, and produced its first and last token (ms). */
  submittedAt: number;
  scheduledAt: number;
  firstTokenAt: number;
  lastTokenAt: number;
  /** Engine clock time the next token is due (ms); keeps timer drift from piling up. */
  nextAt: number;
}

/** Creates a sequence ready to submit. */
export function createSequence(
  promptTokens: number,
  uncachedTokens: number,
  maxTokens: number,
  finishReason: "stop" | "length",
  itlFactor: number,
  sink: TokenSink
): Sequence {
  return {
    promptTokens,
    uncachedTokens,
    maxTokens,
    finishReason,
    itlFactor,
    sink,
    generated: 0,
    done: false,
    timer: undefined,
    submittedAt: 0,
    scheduledAt: -1,
    firstTokenAt: -1,
    lastTokenAt: 0,
    nextAt: 0,
  };
}
