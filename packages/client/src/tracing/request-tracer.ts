import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { performance } from "node:perf_hooks";
import type { AttemptRecord, ChatOutcome } from "../types.js";
import { attemptAttributes, requestAttributes } from "./genai-attributes.js";

/** Where and as what a client's traces go. */
export interface TracingOptions {
  /** The OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces. */
  endpoint: string;
  /** service.name of the spans (faultline-gateway, faultline-runner). */
  serviceName: string;
}

/** A request being traced: its span, and its start on the client's clock and in epoch ms. */
interface Open {
  span: Span;
  clockStart: number;
  epochStart: number;
}

/**
 * Exports one span per client request (the GenAI `chat {model}` span, covering
 * every retry and hedge, as OpenTelemetry's GenAI conventions ask) and one child
 * span per attempt with its endpoint, outcome and failure class, over OTLP/HTTP.
 * Attempt spans are built after the attempt settles, from its recorded times, so
 * nothing waits on tracing and no context manager is needed. The provider is
 * this object's own, never registered globally: a library does not change its
 * embedder's process. A client without a tracer calls none of this.
 */
export class RequestTracer {
  private readonly provider: TracerProvider;
  private readonly tracer: Tracer;
  private readonly open = new WeakMap<object, Open>();

  constructor(options: TracingOptions) {
    this.provider = new TracerProvider({
      resource: resourceFromAttributes({ "service.name": options.serviceName }),
      spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.endpoint }) })],
    });
    this.tracer = this.provider.getTracer("@faultline/client");
  }

  /** Opens the request's span; `key` is the request's own context object, which its attempts carry. */
  begin(key: object, body: Record<string, unknown>, clockNow: number, requestId: string | undefined): void {
    const epochStart = performance.timeOrigin + performance.now();
    const model = typeof body["model"] === "string" ? body["model"] : "";
    const attributes: Attributes = requestAttributes(body, model, requestId);
    const span = this.tracer.startSpan(`chat ${model}`.trim(), {
      kind: SpanKind.CLIENT,
      startTime: epochStart,
      attributes,
    });
    this.open.set(key, { span, clockStart: clockNow, epochStart });
  }

  /** One settled attempt of an open request, as a child span with the attempt's own start and end. */
  attempt(key: object, a: AttemptRecord): void {
    const open = this.open.get(key);
    if (!open) return;
    const startTime = open.epochStart + (a.startedAt - open.clockStart);
    const span = this.tracer.startSpan(
      `chat attempt ${a.n} ${a.endpoint}`,
      { kind: SpanKind.CLIENT, startTime, attributes: attemptAttributes(a) },
      trace.setSpan(context.active(), open.span)
    );
    if (!a.ok && !a.cancelled) span.setStatus({ code: SpanStatusCode.ERROR, message: a.errorClass ?? "error" });
    span.end(startTime + a.durationMs);
  }

  /** Closes the request's span with what the caller got. */
  end(key: object, out: ChatOutcome, clockNow: number): void {
    const open = this.open.get(key);
    if (!open) return;
    this.open.delete(key);
    const s = open.span;
    s.setAttribute("faultline.attempts", out.attempts);
    if (out.servedBy) s.setAttribute("faultline.served_by", out.servedBy);
    s.setAttribute("gen_ai.usage.input_tokens", out.promptTokens);
    s.setAttribute("gen_ai.usage.output_tokens", out.completionTokens);
    if (out.firstByteAt !== null)
      s.setAttribute("gen_ai.response.time_to_first_chunk", (out.firstByteAt - open.clockStart) / 1000);
    if (!out.ok) {
      s.setAttribute("error.type", out.errorClass ?? "error");
      s.setStatus({ code: SpanStatusCode.ERROR, message: out.error ?? out.errorClass ?? "error" });
    }
    s.end(open.epochStart + (clockNow - open.clockStart));
  }

  /** Exports what is buffered and stops. */
  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}
