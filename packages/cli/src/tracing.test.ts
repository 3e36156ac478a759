import { describe, expect, it } from "vitest";
import { otlpTracesEndpoint } from "./tracing.js";

describe("otlpTracesEndpoint", () => {
  it("is off unless the flag or OpenTelemetry's variables ask", () => {
    expect(otlpTracesEndpoint(undefined, {})).toBeUndefined();
    expect(otlpTracesEndpoint(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318/" })).toBe(
      "http://c:4318/v1/traces"
    );
    expect(otlpTracesEndpoint(undefined, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c:4318/t" })).toBe(
      "http://c:4318/t"
    );
    expect(otlpTracesEndpoint("http://flag:4318/v1/traces", { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c" })).toBe(
      "http://flag:4318/v1/traces"
    );
    expect(otlpTracesEndpoint(undefined, { OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://c" })).toBe(
      undefined
    );
  });

  it("refuses a value that is not an http(s) URL, naming where it came from", () => {
    expect(() => otlpTracesEndpoint("collector:4318", {})).toThrow(/^--otlp-endpoint: "collector:4318" is not an http/);
  });
});
