/**
 * The deterministic text source: tokens are words from a fixed vocabulary,
 * chosen by a cheap arithmetic walk from a per-request start. No compute, no
 * randomness on the hot path, and each word's JSON encoding is precomputed so
 * SSE frames are built by string concatenation.
 */
const WORDS = (
  "the model answers with a steady stream of plain words so every client can count tokens and check " +
  "that streams arrive whole while faults cut stall or bend them at the exact token a scenario asks for " +
  "failover keeps serving when one node fails and the next one takes the load without losing requests"
).split(" ");

/** Each vocabulary entry as a token with a leading space (how BPE tokens look). */
export const TOKENS: readonly string[] = Object.freeze(WORDS.map((w, i) => (i === 0 ? w : " " + w)));

/** JSON string literal of each token, for SSE templates. */
export const TOKEN_JSON: readonly string[] = Object.freeze(TOKENS.map((t) => JSON.stringify(t)));

/** The vocabulary index of token `i` of a sequence starting at `start`. */
export function tokenIndex(start: number, i: number): number {
  return (start + i * 7) % TOKENS.length;
}

/** The whole completion text for `count` tokens from `start`. */
export function completionText(start: number, count: number): string {
  let text = "";
  for (let i = 0; i < count; i++) text += TOKENS[tokenIndex(start, i)];
  return text;
}

/** Approximate token count of a prompt: 1 token per 4 characters, at least 1 (tiktoken's rule of thumb for English). */
export function estimateTokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}

const contentJsonCache = new Map<number, string>();

/**
 * The completion text as a JSON string literal, cached: a sequence's text
 * depends only on its start word and length, so a busy node answers from a
 * few thousand distinct strings instead of building and escaping each one.
 */
export function completionJson(start: number, count: number): string {
  const key = count * TOKENS.length + start;
  let json = contentJsonCache.get(key);
  if (json === undefined) {
    json = JSON.stringify(completionText(start, count));
    if (contentJsonCache.size < 4096) contentJsonCache.set(key, json);
  }
  return json;
}
