/** Where a request to the proxy goes: forwarded upstream, answered here, or refused. */
export type Target =
  | { type: "forward" }
  | { type: "own" }
  | { type: "refuse"; status: number; message: string }
  | { type: "options-star" };

const NOT_FORWARDED = "admin, health and metrics routes are the proxy's own and are never forwarded";
/** What a path needs before it can be judged: percent-escapes, dot segments, repeated or back slashes, a fragment. */
const UNUSUAL = /[%.\\#]|\/\//;

/**
 * Routes the proxy answers itself; nothing under them is ever forwarded. /metrics is the
 * proxy's own page, which carries the upstream's metrics followed by the proxy's fault state.
 */
function isOwnPath(path: string): boolean {
  return (
    path === "/admin" ||
    path.startsWith("/admin/") ||
    path === "/health" ||
    path.startsWith("/health/") ||
    path === "/metrics"
  );
}

/**
 * Classifies a request target after normalising its path the way a server
 * behind the proxy may: percent-decoding, dot segments, repeated slashes,
 * case. `/%61dmin/state` and absolute-form targets once reached an upstream
 * faultline node's admin API through the proxy (issue 24).
 */
export function classifyTarget(method: string, url: string): Target {
  if (url === "*")
    return method === "OPTIONS"
      ? { type: "options-star" }
      : { type: "refuse", status: 400, message: "the asterisk target is only for OPTIONS" };
  // Absolute-form (RFC 9112 §3.2.2) is for forward proxies; this proxy sends only to its one upstream.
  if (!url.startsWith("/"))
    return {
      type: "refuse",
      status: 400,
      message: "absolute-form request targets are not forwarded; send an origin-form path such as /v1/chat/completions",
    };
  const q = url.indexOf("?");
  const raw = q < 0 ? url : url.slice(0, q);
  if (isOwnPath(raw)) return { type: "own" };
  // The hot path: nothing to decode or resolve, so the path is what a server will see.
  if (!UNUSUAL.test(raw))
    return isOwnPath(raw.toLowerCase()) ? { type: "refuse", status: 404, message: NOT_FORWARDED } : { type: "forward" };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { type: "refuse", status: 400, message: "the request path has a malformed percent-encoding" };
  }
  const path = new URL(decoded.replace(/\\/g, "/").replace(/\/{2,}/g, "/"), "http://x").pathname.toLowerCase();
  if (isOwnPath(path)) return { type: "refuse", status: 404, message: NOT_FORWARDED };
  return { type: "forward" };
}
