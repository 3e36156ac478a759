import { describe, expect, it } from "vitest";
import { parseGoDuration, retryAfterMs } from "./retry-after.js";
import { classifyHttp } from "./classify.js";

const NOW = Date.parse("2026-12-01T03:00:00Z");

describe("the wait a provider asks for", () => {
  it("reads every form, most precise first", () => {
    // OpenAI and Azure: retry-after-ms wins over the rounded seconds.
    expect(retryAfterMs({ "retry-after-ms": "2500", "retry-after": "3" }, "", NOW)).toBe(2500);
    // RFC 9110: delay-seconds, or an HTTP-date.
    expect(retryAfterMs({ "retry-after": "120" }, "", NOW)).toBe(120_000);
    expect(retryAfterMs({ "retry-after": "Tue, 01 Dec 2026 03:00:30 GMT" }, "", NOW)).toBe(30_000);
    // Gemini: RetryInfo in the body (googleapis/python-genai issue 2044), also in the array form.
    const gemini = {
      error: {
        code: 429,
        status: "RESOURCE_EXHAUSTED",
        details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "47s" }],
      },
    };
    expect(retryAfterMs({}, JSON.stringify(gemini), NOW)).toBe(47_000);
    expect(retryAfterMs({}, JSON.stringify([gemini]), NOW)).toBe(47_000);
    expect(
      retryAfterMs(
        {},
        JSON.stringify({ error: { details: [{ "@type": "google.rpc.RetryInfo", retryDelay: "55.5s" }] } }),
        NOW
      )
    ).toBe(55_500);
    // OpenAI's x-ratelimit-reset-* (https://platform.openai.com/docs/guides/rate-limits): the spent limit's reset.
    const openai = {
      "x-ratelimit-remaining-requests": "59",
      "x-ratelimit-remaining-tokens": "0",
      "x-ratelimit-reset-requests": "1s",
      "x-ratelimit-reset-tokens": "6m0s",
    };
    expect(retryAfterMs(openai, "", NOW)).toBe(360_000);
    // Anthropic's anthropic-ratelimit-*-reset, RFC 3339, when retry-after is missing.
    const anthropic = {
      "anthropic-ratelimit-requests-remaining": "0",
      "anthropic-ratelimit-requests-reset": "2026-12-01T03:00:12Z",
      "anthropic-ratelimit-tokens-remaining": "5000",
      "anthropic-ratelimit-tokens-reset": "2026-12-01T03:01:00Z",
    };
    expect(retryAfterMs(anthropic, "", NOW)).toBe(12_000);
    expect(retryAfterMs({}, '{"error":{"message":"no wait named"}}', NOW)).toBeNull();
  });

  it("parses Go durations as OpenAI writes them", () => {
    expect(["20ms", "1s", "1.5s", "6m0s", "1h2m3s", "7m12.5s"].map(parseGoDuration)).toEqual([
      20, 1000, 1500, 360_000, 3_723_000, 432_500,
    ]);
    expect(parseGoDuration("soon")).toBeNull();
  });
});

describe("classing providers' errors", () => {
  it("takes quota errors as never retryable there, and a 529 as the provider overloaded", () => {
    const quota =
      '{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}';
    const spend =
      '{"type":"error","error":{"type":"rate_limit_error","message":"limit",' +
      '"details":{"error_code":"enforced_spend_limit_reached"}}}';
    expect(classifyHttp(429, quota).errorClass).toBe("quota");
    expect(classifyHttp(429, spend).errorClass).toBe("quota");
    expect(
      classifyHttp(
        400,
        '{"message":"Your request exceeds the service quota"}',
        "ServiceQuotaExceededException:http://internal.amazon.com/coral/com.amazon.bedrock/"
      )
    ).toMatchObject({ errorClass: "quota", error: "quota exhausted: Your request exceeds the service quota" });
    expect(
      classifyHttp(429, '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}').errorClass
    ).toBe("http_429");
    expect(
      classifyHttp(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')
    ).toMatchObject({ errorClass: "overloaded", disposition: "retry" });
    expect(classifyHttp(503, '{"error":{"code":503,"status":"UNAVAILABLE"}}').errorClass).toBe("http_5xx");
  });
});
