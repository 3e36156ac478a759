import type { Profile } from "./profile.js";

/**
 * The shipped profiles. Latencies follow published vLLM serving numbers for
 * Llama 3 at moderate load (H100 8B: ~100 ms TTFT / ~12 ms ITL; 70B on 8×H100
 * with tensor parallelism: ~200 / ~25 ms). KV budgets are the token capacity
 * left after weights at gpu_memory_utilization 0.9, rounded.
 */
export const PROFILES: Readonly<Record<string, Profile>> = Object.freeze({
  "h100-llama3-8b": Object.freeze({
    ttftMs: 80,
    prefillMsPerToken: 0.05,
    itlMs: 12,
    itlJitter: 0.15,
    loadSlowdown: 0.6,
    maxBatch: 256,
    kvTokens: 450_000,
    maxQueue: 512,
    maxContext: 8192,
    defaultMaxTokens: 64,
    startupMs: 0,
  }),
  "a100-llama3-8b": Object.freeze({
    ttftMs: 130,
    prefillMsPerToken: 0.09,
    itlMs: 18,
    itlJitter: 0.15,
    loadSlowdown: 0.7,
    maxBatch: 256,
    kvTokens: 240_000,
    maxQueue: 512,
    maxContext: 8192,
    defaultMaxTokens: 64,
    startupMs: 0,
  }),
  "h100x8-llama3-70b": Object.freeze({
    ttftMs: 170,
    prefillMsPerToken: 0.08,
    itlMs: 25,
    itlJitter: 0.12,
    loadSlowdown: 0.5,
    maxBatch: 256,
    kvTokens: 1_300_000,
    maxQueue: 1024,
    maxContext: 8192,
    defaultMaxTokens: 64,
    startupMs: 0,
  }),
  "l40s-llama3-3b": Object.freeze({
    ttftMs: 95,
    prefillMsPerToken: 0.04,
    itlMs: 15,
    itlJitter: 0.2,
    loadSlowdown: 0.8,
    maxBatch: 128,
    kvTokens: 200_000,
    maxQueue: 256,
    maxContext: 8192,
    defaultMaxTokens: 64,
    startupMs: 0,
  }),
  // No simulated time at all: measures the node's own overhead in benchmarks.
  zero: Object.freeze({
    ttftMs: 0,
    prefillMsPerToken: 0,
    itlMs: 0,
    itlJitter: 0,
    loadSlowdown: 0,
    maxBatch: 100_000,
    kvTokens: 1_000_000_000,
    maxQueue: 100_000,
    maxContext: 131_072,
    defaultMaxTokens: 16,
    startupMs: 0,
  }),
});

/** The model id each profile serves (listed by /v1/models, used as the metrics model_name label). */
export const PROFILE_MODELS: Readonly<Record<string, string>> = Object.freeze({
  "h100-llama3-8b": "meta-llama/Meta-Llama-3-8B-Instruct",
  "a100-llama3-8b": "meta-llama/Meta-Llama-3-8B-Instruct",
  "h100x8-llama3-70b": "meta-llama/Meta-Llama-3-70B-Instruct",
  "l40s-llama3-3b": "meta-llama/Llama-3.2-3B-Instruct",
  zero: "faultline/zero",
});
