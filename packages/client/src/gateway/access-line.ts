/** One answered chat request, as the gateway's access log line reports it. */
export interface GatewayAccessLine {
  /** The x-request-id sent upstream and back: the caller's, or the gateway's own when it had none usable. */
  requestId: string;
  /** The endpoint whose answer the caller got (for a failure, the last one tried); null when none was tried. */
  endpoint: string | null;
  /** HTTP status the caller got; 0 when it went away before one was sent. */
  status: number;
  /** ok, a failure class, caller_gone or caller_backlog (the metrics' outcome). */
  outcome: string;
  attempts: number;
  durationMs: number;
}
