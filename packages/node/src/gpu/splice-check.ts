import { TOKENS, completionText, tokenIndex } from "./token-text.js";

/** What a streamed answer's text is, against the one uninterrupted answer it should be. */
export type SpliceVerdict =
  | { readonly whole: true; readonly tokens: number }
  | {
      readonly whole: false;
      /** The first token that is not the uninterrupted answer's. */
      readonly at: number;
      /** Tokens sent again at `at` (the rest is the answer resumed that many tokens back), else 0. */
      readonly duplicated: number;
      /** Tokens skipped at `at` (the rest is the answer resumed that many tokens on), else 0. */
      readonly missing: number;
      readonly received: string;
      readonly expected: string;
    };

// Longest first: " streams" must not be read as " stream" and a stray "s". Every token but the first vocabulary entry
// starts with a space, so the longest match is the only reading.
const BY_LENGTH = [...new Set(TOKENS)].sort((a, b) => b.length - a.length);

/** The text split into the deterministic source's tokens, or null when it is not made of them. */
function tokensOf(text: string): string[] | null {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    const token = BY_LENGTH.find((t) => text.startsWith(t, at));
    if (token === undefined) return null;
    out.push(token);
    at += token.length;
  }
  return out;
}

/** How many of `got`, from index `from`, follow the sequence from `start` read on from its token `k`. */
function run(got: readonly string[], from: number, start: number, k: number): number {
  let n = 0;
  while (from + n < got.length && got[from + n] === TOKENS[tokenIndex(start, k + n)]) n++;
  return n;
}

/**
 * Checks a streamed answer, possibly spliced from several attempts (a resume on another endpoint), against what one
 * uninterrupted answer of `expectedTokens` tokens would have been. The simulator's text is deterministic (token i of
 * a sequence starting at s is a fixed function of s and i, and a node continues a prefill of that text where it
 * stopped), so the sequence that fits the longest opening is the answer, and every later token must follow it: a
 * token sent twice at the splice, or one lost there, breaks the walk, and the verdict says where and how many.
 */
export function checkSplice(text: string, expectedTokens: number): SpliceVerdict {
  const got = tokensOf(text) ?? [];
  let start = 0;
  let matched = -1;
  for (let s = 0; s < TOKENS.length; s++) {
    const n = run(got, 0, s, 0);
    if (n > matched) [start, matched] = [s, n];
  }
  const fail = (at: number, duplicated = 0, missing = 0): SpliceVerdict => ({
    whole: false,
    at,
    duplicated,
    missing,
    received: text,
    expected: completionText(start, expectedTokens),
  });
  if (got.length === 0) return fail(0, 0, expectedTokens);
  const at = matched;
  if (at < got.length) {
    // The rest is the answer resumed d tokens back (text sent twice) or d tokens on (text lost).
    const rest = got.length - at;
    for (let d = 1; d <= at; d++) if (run(got, at, start, at - d) === rest) return fail(at, d, 0);
    for (let d = 1; d <= expectedTokens; d++) if (run(got, at, start, at + d) === rest) return fail(at, 0, d);
    return fail(at);
  }
  if (got.length < expectedTokens) return fail(got.length, 0, expectedTokens - got.length);
  if (got.length > expectedTokens) return fail(expectedTokens, got.length - expectedTokens, 0);
  return { whole: true, tokens: got.length };
}
