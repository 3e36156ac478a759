import { describe, expect, it } from "vitest";
import { checkSplice } from "./splice-check.js";
import { continuationStart } from "./continuation.js";
import { completionText } from "./token-text.js";

const answer = completionText(11, 30);
const first = completionText(11, 12);

describe("the splice check", () => {
  it("passes one uninterrupted answer", () => {
    expect(checkSplice(answer, 30)).toEqual({ whole: true, tokens: 30 });
  });

  it("passes an answer spliced where a node continued the prefill", () => {
    const rest = completionText(continuationStart(first)!, 18);
    expect(first + rest).toBe(answer);
    expect(checkSplice(first + rest, 30)).toEqual({ whole: true, tokens: 30 });
  });

  it("finds tokens sent twice at the splice", () => {
    const resumedTwoBack = completionText(11, 10) + completionText(continuationStart(completionText(11, 10))!, 20);
    expect(checkSplice(first + resumedTwoBack.slice(completionText(11, 10).length), 30)).toMatchObject({
      whole: false,
      at: 12,
      duplicated: 2,
    });
  });

  it("finds tokens lost at the splice", () => {
    const skipped = completionText(continuationStart(completionText(11, 15))!, 15);
    expect(checkSplice(first + skipped, 30)).toMatchObject({ whole: false, at: 12, missing: 3 });
  });

  it("finds an answer cut short, or other text after the splice", () => {
    expect(checkSplice(first, 30)).toMatchObject({ whole: false, at: 12, missing: 18 });
    expect(checkSplice(first + completionText(3, 18), 30)).toMatchObject({ whole: false, at: 12 });
  });

  it("does not continue a prefill that is not the simulator's text", () => {
    expect(continuationStart("Hello, my own words.")).toBeUndefined();
  });
});
