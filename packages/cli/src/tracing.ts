import { FaultlineError } from "@faultline/core";
import { CliErrorCodes } from "./errors.js";

/**
 * Where traces go, if anywhere: `--otlp-endpoint`, else OpenTelemetry's own
 * variables (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, a full URL; OTEL_EXPORTER_OTLP_ENDPOINT,
 * a base that gets /v1/traces), unless OTEL_SDK_DISABLED=true. Undefined (the default)
 * keeps tracing off: no tracer is created and the client does no tracing work.
 */
export function otlpTracesEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flag !== undefined) return checkUrl(flag, "--otlp-endpoint");
  if (env["OTEL_SDK_DISABLED"] === "true") return undefined;
  const traces = env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];
  if (traces) return checkUrl(traces, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  const base = env["OTEL_EXPORTER_OTLP_ENDPOINT"];
  if (base) return checkUrl(`${base.replace(/\/+$/, "")}/v1/traces`, "OTEL_EXPORTER_OTLP_ENDPOINT");
  return undefined;
}

function checkUrl(value: string, source: string): string {
  let ok = false;
  try {
    ok = /^https?:$/.test(new URL(value).protocol);
  } catch {
    ok = false;
  }
  if (!ok)
    throw new FaultlineError(
      CliErrorCodes.USAGE,
      `${source}: "${value}" is not an http(s) URL (use the OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces)`,
      { field: source }
    );
  return value;
}
